using Akka.Actor;
using Akka.Cluster;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// Cluster mode, a child of the room registry: tells it <see cref="OwnerNodeLost"/> a moment after a node is removed
/// from the cluster, so that rooms answer the publish batches still waiting for an owner that was on that node. The
/// moment (the settle time) is there because the shard region learns of the lost node's region a little
/// after the membership says it is gone; a publisher released at once could send into that moment and lose its next
/// batch too. Several removals close together give one notice.
/// </summary>
public sealed class NodeLossActor : ReceiveActor, IWithTimers
{
    /// <summary>
    /// How long after a node's removal the shard region surely knows it: a room's death watch on its owner and the
    /// region's on the lost node's region fire together, in either order. Short, since it is part of every failover.
    /// </summary>
    public static readonly TimeSpan RegionSettleTime = TimeSpan.FromMilliseconds(250);

    public NodeLossActor(IActorRef registry, TimeSpan settle)
    {
        Receive<ClusterEvent.MemberRemoved>(_ => Timers.StartSingleTimer(OwnerNodeLost.Instance, OwnerNodeLost.Instance, settle));
        Receive<OwnerNodeLost>(lost => registry.Tell(lost));
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the watcher that tells <paramref name="registry"/>.</summary>
    public static Props Props(IActorRef registry, TimeSpan settle) => Akka.Actor.Props.Create(() => new NodeLossActor(registry, settle));

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
}

using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// Keeps the node's <see cref="OwnerFence"/> in step with the membership: from the member and reachability events it
/// counts the members that are not down, exiting or removed and those of them unreachable (by any node's observation), and fences the node's owners while
/// the reachable ones are no majority. Logs each change, so an operator sees when and why owners stopped ordering.
/// </summary>
public sealed class OwnerFenceActor : ReceiveActor
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "owner-fence";

    private readonly OwnerFence _fence;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // The membership as the events tell it (the cluster's read view may lag behind the events this actor gets).
    private readonly Dictionary<UniqueAddress, MemberStatus> _members = [];
    private readonly HashSet<UniqueAddress> _unreachable = [];

    public OwnerFenceActor(OwnerFence fence)
    {
        _fence = fence;
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (var member in state.Members)
            {
                _members[member.UniqueAddress] = member.Status;
            }

            _unreachable.UnionWith(state.Unreachable.Select(m => m.UniqueAddress));
            Recount();
        });
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            _members.Remove(removed.Member.UniqueAddress);
            _unreachable.Remove(removed.Member.UniqueAddress);
            Recount();
        });
        Receive<ClusterEvent.IMemberEvent>(changed =>
        {
            _members[changed.Member.UniqueAddress] = changed.Member.Status;
            Recount();
        });
        Receive<ClusterEvent.UnreachableMember>(unreachable =>
        {
            _unreachable.Add(unreachable.Member.UniqueAddress);
            Recount();
        });
        Receive<ClusterEvent.ReachableMember>(reachable =>
        {
            _unreachable.Remove(reachable.Member.UniqueAddress);
            Recount();
        });
    }

    /// <summary>Props for the actor keeping <paramref name="fence"/>.</summary>
    public static Props Props(OwnerFence fence) => Akka.Actor.Props.Create(() => new OwnerFenceActor(fence));

    protected override void PreStart() => Akka.Cluster.Cluster.Get(Context.System).Subscribe(
        Self,
        ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
        typeof(ClusterEvent.IMemberEvent),
        typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private void Recount()
    {
        var counted = _members.Where(m => m.Value is not (MemberStatus.Down or MemberStatus.Removed or MemberStatus.Exiting)).Select(m => m.Key).ToList();
        var unreachable = counted.Count(_unreachable.Contains);
        if (!_fence.Update(counted.Count, unreachable))
        {
            return;
        }

        if (_fence.MayOrder)
        {
            _log.Info("Room owners on this node order again: {0} of {1} members reachable", counted.Count - unreachable, counted.Count);
        }
        else
        {
            _log.Warning("Room owners on this node stop ordering: only {0} of {1} members reachable (no majority); publishes here are not ordered until the majority is back or this node is downed", counted.Count - unreachable, counted.Count);
        }
    }
}

using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// Keeps the node's <see cref="OwnerFence"/> in step with the membership: from the member and reachability events it
/// counts the members that are not down, exiting or removed and those of them unreachable (by any node's observation), and fences the node's owners while
/// the reachable ones are no majority; and it asks every other member's fence actor for a round trip a few times per
/// lease, renewing the node's lease while a majority answers in time. Logs each reachability change, so an operator
/// sees when and why owners stopped ordering.
/// </summary>
public sealed class OwnerFenceActor : ReceiveActor, IWithTimers
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "owner-fence";

    private readonly OwnerFence _fence;
    private readonly TimeSpan _lease;
    private readonly Dictionary<Address, long> _answeredAtMs = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // The membership as the events tell it (the cluster's read view may lag behind the events this actor gets).
    private readonly Dictionary<UniqueAddress, MemberStatus> _members = [];
    private readonly HashSet<UniqueAddress> _unreachable = [];

    public OwnerFenceActor(OwnerFence fence, TimeSpan lease)
    {
        _fence = fence;
        _lease = lease;
        Receive<PeerCheck>(_ => AskPeers());
        Receive<ActorIdentity>(answer =>
        {
            if (answer.MessageId is Address peer && answer.Subject is not null)
            {
                _answeredAtMs[peer] = Environment.TickCount64;
                RenewLease();
            }
        });
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
            _answeredAtMs.Remove(removed.Member.Address);
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
    public static Props Props(OwnerFence fence, TimeSpan lease) => Akka.Actor.Props.Create(() => new OwnerFenceActor(fence, lease));

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// The lease for a node's owners: a majority must have answered within the failure detector's acceptable pause
    /// plus one heartbeat interval. The majority cannot start a successor sooner than its detector fires (later than
    /// that) plus the resolver's stable-after, so a lease this long has run out first.
    /// </summary>
    public static TimeSpan LeaseFrom(Akka.Configuration.Config config) =>
        config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause", TimeSpan.FromSeconds(3))
        + config.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval", TimeSpan.FromSeconds(1));

    protected override void PreStart()
    {
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(
            Self,
            ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent),
            typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer(PeerCheck.Instance, PeerCheck.Instance, _lease / 6);
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    // Each peer's fence actor answers an Identify by itself (Akka's own message, no serializer of ours): the answer
    // proves a round trip with that node.
    private void AskPeers()
    {
        var self = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
        foreach (var peer in Peers().Where(a => a != self))
        {
            Context.ActorSelection(new RootActorPath(peer) / "user" / Name).Tell(new Identify(peer));
        }
    }

    // The lease runs until the answer of the member that completes a majority (with this node) is a lease time old.
    private void RenewLease()
    {
        var members = Peers().Count;
        var othersNeeded = members / 2;
        if (othersNeeded == 0)
        {
            return;
        }

        var self = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
        var answers = Peers().Where(a => a != self).Select(a => _answeredAtMs.GetValueOrDefault(a, long.MinValue)).OrderDescending().ToList();
        if (answers.Count >= othersNeeded && answers[othersNeeded - 1] != long.MinValue)
        {
            _fence.Renew(answers[othersNeeded - 1] + (long)_lease.TotalMilliseconds);
        }
    }

    private List<Address> Peers() => _members
        .Where(m => m.Value is not (MemberStatus.Down or MemberStatus.Removed or MemberStatus.Exiting))
        .Select(m => m.Key.Address)
        .ToList();

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

    private sealed class PeerCheck
    {
        public static PeerCheck Instance { get; } = new();

        private PeerCheck()
        {
        }
    }
}

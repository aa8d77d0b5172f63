using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// One per node (<c>/user/pattern-interest</c>): keeps the node's <see cref="PatternInterestTable"/> and spreads this
/// node's own pattern interest to every node before a PSUBSCRIBE is confirmed. Each node is the authority on its own
/// patterns: when the registry has a pattern's first subscriber it asks here (<see cref="AddPatternInterest"/>); the
/// change is sent to the interest actor of every member that is up, each applies it to its table and acknowledges, and
/// only when all have (or a member left, or <c>owner-ack-timeout</c> passed: a node that cannot answer cannot deliver
/// either) the registry is told (<see cref="PatternInterestConfirmed"/>). Removals need no answer (a batch sent to a
/// node without matching subscribers is dropped there). A node that comes up gets every node's whole set
/// (<see cref="PatternInterestSync"/>); a node that leaves is forgotten. This is an acknowledged broadcast rather
/// than gossip or Akka.DistributedData, because the owners read the table synchronously while ordering: an
/// acknowledgement sent after the table changed is the proof that they will see it (see docs/operations.md).
/// </summary>
public sealed class PatternInterestActor : ReceiveActor, IWithTimers
{
    /// <summary>The actor's name under /user on every node: peers address each other by member address and this name.</summary>
    public const string Name = "pattern-interest";

    private readonly PatternInterestTable _table;
    private readonly TimeSpan _timeout;
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _ownPatterns = new(StringComparer.Ordinal);
    private readonly Dictionary<long, PendingAdd> _pending = [];
    private IActorRef? _registry;
    private long _nextId;

    public PatternInterestActor(PatternInterestTable table, TimeSpan timeout)
    {
        _table = table;
        _timeout = timeout;
        _cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<AddPatternInterest>(Add);
        Receive<RemovePatternInterest>(Remove);
        Receive<PatternInterestChanged>(Apply);
        Receive<PatternInterestAck>(ack => Acknowledged(ack.Id, AddressOf(Sender)));
        Receive<PatternInterestSync>(sync => _table.Replace(sync.Node, sync.Patterns));
        Receive<ClusterEvent.MemberUp>(up => MemberUp(up.Member));
        Receive<ClusterEvent.MemberRemoved>(removed => MemberRemoved(removed.Member.Address));
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<AddTimedOut>(timedOut => ExpireAdd(timedOut.Id));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the node's interest actor.</summary>
    public static Props Props(PatternInterestTable table, TimeSpan timeout) => Akka.Actor.Props.Create(() => new PatternInterestActor(table, timeout));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Add(AddPatternInterest add)
    {
        _registry = Sender;
        _ownPatterns.Add(add.Pattern);
        var id = ++_nextId;
        var members = UpMembers();
        _pending.Add(id, new PendingAdd(add.Pattern, Sender, [.. members]));
        foreach (var member in members)
        {
            Peer(member).Tell(new PatternInterestChanged(Sender, add.Pattern, Added: true, id), Self);
        }

        Timers.StartSingleTimer(new AddTimedOut(id), new AddTimedOut(id), _timeout);
    }

    private void Remove(RemovePatternInterest remove)
    {
        _ownPatterns.Remove(remove.Pattern);
        foreach (var member in UpMembers())
        {
            Peer(member).Tell(new PatternInterestChanged(Sender, remove.Pattern, Added: false, Id: 0), Self);
        }
    }

    private void Apply(PatternInterestChanged change)
    {
        _table.Set(change.Node, change.Pattern, change.Added);
        if (change.Id != 0)
        {
            Sender.Tell(new PatternInterestAck(change.Id), Self);
        }
    }

    private void Acknowledged(long id, Address from)
    {
        if (_pending.TryGetValue(id, out var pending) && pending.Awaiting.Remove(from) && pending.Awaiting.Count == 0)
        {
            Confirm(id, pending);
        }
    }

    private void MemberUp(Member member)
    {
        if (member.Address.Equals(_cluster.SelfAddress) || _registry is null || _ownPatterns.Count == 0)
        {
            return;
        }

        Peer(member.Address).Tell(new PatternInterestSync(_registry, [.. _ownPatterns]), Self);
    }

    private void MemberRemoved(Address address)
    {
        _table.ForgetAddress(address);
        foreach (var id in _pending.Keys.ToList())
        {
            Acknowledged(id, address);
        }
    }

    private void ExpireAdd(long id)
    {
        if (_pending.TryGetValue(id, out var pending))
        {
            _log.Warning(
                "Pattern {0}: no answer within {1} from {2}; the PSUBSCRIBE is confirmed, but those nodes may not deliver to it until they answer",
                pending.Pattern,
                _timeout,
                string.Join(", ", pending.Awaiting));
            Confirm(id, pending);
        }
    }

    private void Confirm(long id, PendingAdd pending)
    {
        _pending.Remove(id);
        Timers.Cancel(new AddTimedOut(id));
        pending.ReplyTo.Tell(new PatternInterestConfirmed(pending.Pattern), Self);
    }

    // The members that are up, and always this node (its own owners must see its patterns even before it is up).
    private List<Address> UpMembers() =>
        _cluster.State.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp).Select(m => m.Address)
            .Append(_cluster.SelfAddress).Distinct().ToList();

    private ActorSelection Peer(Address address) => Context.ActorSelection(new RootActorPath(address) / "user" / Name);

    // A local sender's path has no host; it is this node.
    private Address AddressOf(IActorRef sender) => sender.Path.Address.HasLocalScope ? _cluster.SelfAddress : sender.Path.Address;

    private sealed record PendingAdd(string Pattern, IActorRef ReplyTo, HashSet<Address> Awaiting);

    private sealed record AddTimedOut(long Id);
}

/// <summary>Registry → its node's interest actor: this node has a first subscriber of <paramref name="Pattern"/>. Answered with <see cref="PatternInterestConfirmed"/>.</summary>
public sealed record AddPatternInterest(string Pattern);

/// <summary>Registry → its node's interest actor: this node has no subscriber of <paramref name="Pattern"/> any more.</summary>
public sealed record RemovePatternInterest(string Pattern);

/// <summary>Interest actor → registry: every node up has the pattern; publishes ordered from now on reach this node.</summary>
public sealed record PatternInterestConfirmed(string Pattern);

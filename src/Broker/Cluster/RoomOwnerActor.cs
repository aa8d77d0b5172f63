using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Rooms.Ledger;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// The one owner of a room in cluster mode: a sharded entity (one per room name, somewhere in the cluster) through
/// which every publish to the room passes. The order in which it takes batches is the room's order, and its
/// <see cref="RoomLedger"/> numbers them (epoch, seq) and keeps the room's history and last values.
/// Every node room with members registers here (<see cref="FollowRoom"/>) and is answered in the owner's order with
/// the ledger (<see cref="RoomFollowed"/>); from then on the owner sends it each ordered batch point to point, so a
/// member confirmed after that answer receives everything ordered after it. Each batch also goes to the registry of
/// every node whose pattern subscriptions match the room (<see cref="PatternInterestTable"/>). Then the owner
/// acknowledges the sending node, so that its publisher may read on. Followers are watched and dropped when they stop
/// or their node is lost. The owner passivates itself only when it has no followers and nothing was published for
/// the idle period; its next start has a new epoch, which readers see. While its node reaches no majority of the
/// cluster (<see cref="OwnerFence"/>) it orders nothing (it holds the batches), so a room never has two orders at once
/// across a partition.
/// </summary>
public sealed class RoomOwnerActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan FenceCheckInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _room;
    private readonly RoomLedger _ledger;
    private readonly OwnerFollowers _followers = new();
    private readonly PatternInterestTable _patternInterest;
    private readonly OwnerFence _fence;
    private readonly Queue<(BatchToOrder Batch, IActorRef Sender)> _heldByFence = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IReadOnlyList<IActorRef> _patternNodes = [];
    private long _patternVersion = -1;

    public RoomOwnerActor(string room, RoomFeatureSettings features, PatternInterestTable patternInterest, OwnerFence fence, TimeSpan passivateAfter)
    {
        _fence = fence;
        _room = room;
        _ledger = new RoomLedger(features);
        _patternInterest = patternInterest;
        Receive<BatchToOrder>(batch => OrderOrHold(batch, Sender));
        Receive<FenceCheck>(_ => OrderHeld());
        Receive<FollowRoom>(Follow);
        Receive<LastValuesAsked>(AnswerLastValues);
        Receive<UnfollowRoom>(_ =>
        {
            if (_followers.Remove(Sender))
            {
                Context.Unwatch(Sender);
            }
        });
        Receive<Terminated>(terminated => _followers.Remove(terminated.ActorRef));
        Receive<ReceiveTimeout>(_ => PassivateIfUnfollowed());
        Receive<StopIfUnfollowed>(_ => Context.Stop(Self));
        if (passivateAfter > TimeSpan.Zero)
        {
            Context.SetReceiveTimeout(passivateAfter);
        }
    }

    /// <summary>Props for the owner of <paramref name="room"/> (the sharded entity id).</summary>
    public static Props Props(string room, RoomFeatureSettings features, PatternInterestTable patternInterest, OwnerFence fence, TimeSpan passivateAfter) =>
        Akka.Actor.Props.Create(() => new RoomOwnerActor(room, features, patternInterest, fence, passivateAfter));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => _log.Debug("Owner of room {0} started with epoch {1}", _room, _ledger.Epoch);

    // A restart keeps this actor's address but not its followers: they are told to register again (a stop is seen
    // through their death watch instead).
    protected override void PreRestart(Exception reason, object message)
    {
        foreach (var follower in _followers.All)
        {
            follower.Tell(new FollowAgain(_room), Self);
        }

        base.PreRestart(reason, message);
    }

    // While its node may not order (cut off from the majority, or its lease ran out), the owner holds batches in their
    // order, unacknowledged: if the node turns out to be healthy they are ordered when the fence lifts; if it is
    // downed they die with it, and their publishers' nodes answer them as unconfirmed.
    private void OrderOrHold(BatchToOrder batch, IActorRef sender)
    {
        if (_heldByFence.Count > 0 || !_fence.MayOrder)
        {
            if (_heldByFence.Count == 0)
            {
                _log.Debug("Owner of room {0} is fenced (no majority reachable); holding batches", _room);
                Timers.StartPeriodicTimer(FenceCheck.Instance, FenceCheck.Instance, FenceCheckInterval);
            }

            _heldByFence.Enqueue((batch, sender));
            return;
        }

        Order(batch, sender);
    }

    private void OrderHeld()
    {
        while (_heldByFence.Count > 0 && _fence.MayOrder)
        {
            var (batch, sender) = _heldByFence.Dequeue();
            Order(batch, sender);
        }

        if (_heldByFence.Count == 0)
        {
            Timers.Cancel(FenceCheck.Instance);
        }
    }

    private void Order(BatchToOrder batch, IActorRef sender)
    {
        var (payloads, keys) = PackedPayloads.Unpack(batch.Payloads);
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var firstSeq = _ledger.LastSeq + 1;
        _ledger.Append(payloads, keys, nowMs);
        if (_followers.Count > 0)
        {
            var ordered = new OrderedBatch(_room, batch.Payloads, ForPatterns: false, _ledger.Epoch, firstSeq, nowMs);
            foreach (var follower in _followers.All)
            {
                follower.Tell(ordered, Self);
            }
        }

        var patternNodes = PatternNodes();
        if (patternNodes.Count > 0)
        {
            var forPatterns = new OrderedBatch(_room, batch.Payloads, ForPatterns: true, _ledger.Epoch, firstSeq, nowMs);
            foreach (var node in patternNodes)
            {
                node.Tell(forPatterns, Self);
            }
        }

        sender.Tell(new OwnerAck(batch.Ticket));
    }

    private void Follow(FollowRoom follow)
    {
        if (_followers.Add(Sender))
        {
            Context.Watch(Sender);
        }

        Sender.Tell(
            new RoomFollowed(
                _room,
                _ledger.Epoch,
                _ledger.LastSeq,
                RoomEntryList.Pack(_ledger.Replay(follow.Epoch == _ledger.Epoch ? follow.FromSeq : 1).Entries),
                RoomEntryList.Pack(_ledger.LastValues())),
            Self);
    }

    private void AnswerLastValues(LastValuesAsked asked)
    {
        IReadOnlyList<RoomEntry> values = asked.Key is null
            ? _ledger.LastValues()
            : _ledger.TryGetLastValue(asked.Key, out var entry) ? [entry] : [];
        var known = _ledger.LastSeq > 0 || _followers.Count > 0;
        Sender.Tell(new LastValuesAnswered(_ledger.Epoch, _ledger.LastSeq, known, RoomEntryList.Pack(values)), Self);
    }

    // The nodes whose patterns match this room, worked out again only when the table has changed.
    private IReadOnlyList<IActorRef> PatternNodes()
    {
        var table = _patternInterest.Current;
        if (table.Version != _patternVersion)
        {
            _patternNodes = table.NodesMatching(_room);
            _patternVersion = table.Version;
        }

        return _patternNodes;
    }

    // A room with followers stays: stopping would lose their registrations (they would register again with a new
    // owner and see a reset for nothing). Sharding holds messages that arrive meanwhile and starts the owner again.
    private void PassivateIfUnfollowed()
    {
        if (_followers.Count == 0)
        {
            Context.Parent.Tell(new Passivate(StopIfUnfollowed.Instance));
        }
    }

    private sealed class FenceCheck
    {
        public static FenceCheck Instance { get; } = new();

        private FenceCheck()
        {
        }
    }

    /// <summary>The stop message sharding sends back once it holds this owner's further messages.</summary>
    private sealed class StopIfUnfollowed
    {
        public static StopIfUnfollowed Instance { get; } = new();

        private StopIfUnfollowed()
        {
        }
    }
}

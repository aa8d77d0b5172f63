using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Stats;
using ActorRooms.Broker.Rooms.Registry;
using Akka.Actor;
using Akka.Event;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// The <c>rooms</c> actor: finds or starts room actors by name, owns the pattern subscriptions (a
/// <see cref="PatternIndex"/>), and answers PUBSUB queries. It is on the publish path only until a connection learns a room's actor (from the room's first
/// reply); publishes to rooms that do not exist are answered here with 0 and create nothing, unless a pattern
/// subscription matches the name. Rooms stop through a handshake (<see cref="RoomIdle"/>, <see cref="StopRoom"/>)
/// so that nothing routed here is lost while a room stops.
/// In cluster mode every publish starts a local room (its owner may have subscribers on other nodes). A pattern's
/// first subscriber on this node is confirmed only once every node knows this node holds the pattern
/// (<see cref="PatternInterestActor"/>, waits kept in <see cref="ClusterPatternConfirmations"/>); owners then send this
/// registry every matching batch, which it hands to the room it names, started for it if needed. A child
/// <see cref="NodeLossActor"/> tells it when a node has left, and it tells its rooms.
/// </summary>
public sealed partial class RoomRegistryActor : ReceiveActor
{
    private static readonly TimeSpan OwnerRegionSettleTime = TimeSpan.FromSeconds(1);
    private readonly TimeSpan _idleStopAfter;
    private readonly BrokerCounters _counters;
    private readonly RoomClusterLink? _cluster;
    private readonly RoomFeatureSettings? _features;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, RoomEntry> _rooms = [];
    private readonly Dictionary<IActorRef, string> _roomNamesByActor = [];
    private readonly PatternIndex _patterns = new();
    private readonly ClusterPatternConfirmations _clusterPatterns = new();
    private int _activeChannels;

    public RoomRegistryActor(TimeSpan idleStopAfter, BrokerCounters counters, RoomFeatureSettings? features = null, RoomClusterLink? cluster = null)
    {
        _idleStopAfter = idleStopAfter;
        _counters = counters;
        _features = features;
        _cluster = cluster;

        Receive<PublishBatch>(RoutePublish);
        Receive<JoinRoom>(join => Route(GetOrStart(join.Room), join));
        Receive<LeaveRoom>(leave =>
        {
            if (_rooms.TryGetValue(leave.Room, out var entry))
            {
                Route(entry, leave);
            }
            else
            {
                Sender.Tell(new RoomLeft(leave.RequestId));
            }
        });
        Receive<SubscribePattern>(SubscribePattern);
        Receive<UnsubscribePattern>(unsubscribe =>
            Sender.Tell(new PatternRoomsNotified(unsubscribe.RequestId, RemovePatternSubscription(unsubscribe.Pattern, Sender, unsubscribe.RequestId))));
        Receive<RoomMembersChanged>(MembersChanged);
        Receive<RoomIdle>(RoomIdle);
        Receive<RoomRevived>(RoomRevived);
        Receive<Terminated>(Terminated);
        Receive<ListChannels>(list => Sender.Tell(new ChannelsListed(list.RequestId, ActiveChannels(list.Pattern))));
        Receive<CountSubscribers>(count => Sender.Tell(new SubscribersCounted(
            count.RequestId,
            count.Channels.Select(c => _rooms.TryGetValue(c, out var e) ? e.ChannelMembers : 0).ToList())));
        Receive<CountPatterns>(count => Sender.Tell(new PatternsCounted(count.RequestId, _patterns.Count)));
        Receive<OrderedBatch>(RoutePatternBatch);
        Receive<OwnerNodeLost>(lost => TellActiveRooms(lost));
        Receive<PatternInterestConfirmed>(PatternInterestConfirmed);
        ReceiveRoomFeatureRequests();
    }

    /// <summary>Props for the registry; <paramref name="cluster"/> is null on a single node.</summary>
    public static Props Props(TimeSpan idleStopAfter, BrokerCounters counters, RoomFeatureSettings? features = null, RoomClusterLink? cluster = null) =>
        Akka.Actor.Props.Create(() => new RoomRegistryActor(idleStopAfter, counters, features, cluster));

    protected override void PreStart()
    {
        if (_cluster is not null)
        {
            Context.ActorOf(NodeLossActor.Props(Self, OwnerRegionSettleTime), "node-loss");
        }
    }

    // A room that throws is stopped, not restarted with empty state: its members watch it and join again.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _log.Error(e, "A room failed and is stopped; its members will join a fresh one");
        return Directive.Stop;
    });

    private void RoutePublish(PublishBatch batch)
    {
        if (_rooms.TryGetValue(batch.Room, out var entry))
        {
            Route(entry, batch);
        }
        else if (_cluster is not null || batch.Keys is not null || _patterns.AnyMatches(batch.Room))
        {
            // In cluster mode the room's owner may have subscribers on other nodes: a local room sends it there.
            // A ROOM.PUBLISH keeps state for later joiners, or only pattern subscribers listen: start the room; it
            // stops again when idle.
            Route(GetOrStart(batch.Room), batch);
        }
        else
        {
            Sender.Tell(new BatchPublished(batch.RequestId, 0));
        }
    }

    private void Route(RoomEntry entry, object message)
    {
        if (entry.Stopping)
        {
            entry.Held.Add((message, Sender));
        }
        else
        {
            entry.Actor.Forward(message);
        }
    }

    private RoomEntry GetOrStart(string room)
    {
        if (_rooms.TryGetValue(room, out var entry))
        {
            return entry;
        }

        var actor = Context.ActorOf(RoomActor.Props(room, _idleStopAfter, _patterns.Matching(room), _counters, _features, _cluster), RoomNames.ActorName(room));
        Context.Watch(actor);
        entry = new RoomEntry(actor);
        _rooms.Add(room, entry);
        _roomNamesByActor.Add(actor, room);
        return entry;
    }

    private void SubscribePattern(SubscribePattern subscribe)
    {
        if (_patterns.Add(subscribe.Pattern, Sender, subscribe.Protocol))
        {
            Context.Watch(Sender);
        }

        var notified = 0;
        foreach (var (room, entry) in _rooms)
        {
            // A stopping room gets the whole pattern set if it revives, or is started with it later.
            if (!entry.Stopping && GlobPattern.IsMatch(subscribe.Pattern, room))
            {
                entry.Actor.Tell(new AddPatternMember(subscribe.RequestId, subscribe.Pattern, Sender, subscribe.Protocol));
                notified++;
            }
        }

        ConfirmPatternSubscription(subscribe.Pattern, Sender, new PatternRoomsNotified(subscribe.RequestId, notified));
        PublishTotals();
    }

    // On a single node, and for a pattern every node already knows this node holds, the subscription is complete once
    // its rooms have confirmed. A pattern new to this node waits until every node has it (cluster mode).
    private void ConfirmPatternSubscription(string pattern, IActorRef subscriber, PatternRoomsNotified reply)
    {
        if (_cluster is null || _clusterPatterns.IsKnown(pattern))
        {
            subscriber.Tell(reply);
            return;
        }

        if (_clusterPatterns.Wait(pattern, subscriber, reply))
        {
            _cluster.PatternInterest.Tell(new AddPatternInterest(pattern));
        }
    }

    private void PatternInterestConfirmed(PatternInterestConfirmed confirmed)
    {
        foreach (var (subscriber, reply) in _clusterPatterns.Confirmed(confirmed.Pattern, stillHeld: _patterns.Contains(confirmed.Pattern)))
        {
            subscriber.Tell(reply);
        }
    }

    // Returns how many rooms were told (each confirms to the subscriber unless requestId is 0).
    private int RemovePatternSubscription(string pattern, IActorRef subscriber, long requestId)
    {
        var removal = _patterns.Remove(pattern, subscriber);
        if (!removal.Removed)
        {
            return 0;
        }

        if (removal.PatternGone && _cluster is not null)
        {
            // Owners may stop sending this node the pattern's batches. A subscriber still waiting for the add is
            // answered when it completes (the interest actor takes the two in order).
            _clusterPatterns.Forget(pattern);
            _cluster.PatternInterest.Tell(new RemovePatternInterest(pattern));
        }

        if (removal.SubscriberGone)
        {
            Context.Unwatch(subscriber);
        }

        var notified = 0;
        foreach (var (room, entry) in _rooms)
        {
            if (!entry.Stopping && GlobPattern.IsMatch(pattern, room))
            {
                entry.Actor.Tell(new RemovePatternMember(requestId, pattern, subscriber));
                notified++;
            }
        }

        PublishTotals();
        return notified;
    }

    private void MembersChanged(RoomMembersChanged changed)
    {
        if (!_rooms.TryGetValue(changed.Room, out var entry))
        {
            return;
        }

        _activeChannels += (changed.ChannelMembers > 0 ? 1 : 0) - (entry.ChannelMembers > 0 ? 1 : 0);
        entry.ChannelMembers = changed.ChannelMembers;
        PublishTotals();
    }

    private void RoomIdle(RoomIdle idle)
    {
        if (_rooms.TryGetValue(idle.Room, out var entry) && entry.Actor.Equals(Sender) && !entry.Stopping)
        {
            entry.Stopping = true;
            entry.Actor.Tell(StopRoom.Instance);
        }
    }

    private void RoomRevived(RoomRevived revived)
    {
        if (!_rooms.TryGetValue(revived.Room, out var entry) || !entry.Actor.Equals(Sender) || !entry.Stopping)
        {
            return;
        }

        entry.Stopping = false;
        entry.Actor.Tell(new ReplacePatterns(_patterns.Matching(revived.Room)));
        ReleaseHeld(entry);
    }

    private void Terminated(Terminated terminated)
    {
        if (_roomNamesByActor.Remove(terminated.ActorRef, out var room))
        {
            var entry = _rooms[room];
            _rooms.Remove(room);
            if (entry.ChannelMembers > 0)
            {
                _activeChannels--;
                PublishTotals();
            }

            if (entry.Held.Count > 0)
            {
                // Messages arrived while it stopped: start it again and hand them over in their order.
                ReleaseHeld(GetOrStart(room), entry.Held);
            }

            return;
        }

        foreach (var pattern in _patterns.PatternsOf(terminated.ActorRef))
        {
            RemovePatternSubscription(pattern, terminated.ActorRef, requestId: 0);
        }
    }

    private static void ReleaseHeld(RoomEntry entry, List<(object Message, IActorRef Sender)>? held = null)
    {
        held ??= entry.Held;
        var messages = held.ToList();
        held.Clear();
        foreach (var (message, sender) in messages)
        {
            entry.Actor.Tell(message, sender);
        }
    }

    private void TellActiveRooms(object message)
    {
        foreach (var entry in _rooms.Values.Where(e => !e.Stopping))
        {
            entry.Actor.Tell(message);
        }
    }

    // Cluster mode: an owner's batch for this node's patterns goes to its room when one of them still matches.
    private void RoutePatternBatch(OrderedBatch batch)
    {
        if (_rooms.TryGetValue(batch.Room, out var entry))
        {
            Route(entry, batch);
        }
        else if (_patterns.AnyMatches(batch.Room))
        {
            Route(GetOrStart(batch.Room), batch);
        }
    }

    private List<string> ActiveChannels(string? pattern) =>
        _rooms.Where(r => r.Value.ChannelMembers > 0 && (pattern is null || GlobPattern.IsMatch(pattern, r.Key)))
            .Select(r => r.Key)
            .ToList();

    private void PublishTotals()
    {
        _counters.SetPubSubTotals(_activeChannels, _patterns.Count);
    }

    /// <summary>The registry's view of one room.</summary>
    private sealed class RoomEntry(IActorRef actor)
    {
        public IActorRef Actor { get; } = actor;

        public int ChannelMembers { get; set; }

        /// <summary>Between <see cref="Rooms.RoomIdle"/> and the room's stop or revival; messages are held meanwhile.</summary>
        public bool Stopping { get; set; }

        public List<(object Message, IActorRef Sender)> Held { get; } = [];
    }
}

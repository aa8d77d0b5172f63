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
    private readonly TimeSpan _idleStopAfter;
    private readonly BrokerCounters _counters;
    private readonly RoomClusterLink? _cluster;
    private readonly RoomFeatureSettings? _features;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly RoomDirectory _rooms = new();
    private readonly PatternIndex _patterns = new();
    private readonly ClusterPatternConfirmations _clusterPatterns = new();
    private readonly RoomStartSettings _roomStart;

    public RoomRegistryActor(TimeSpan idleStopAfter, BrokerCounters counters, RoomFeatureSettings? features = null, RoomClusterLink? cluster = null)
    {
        _idleStopAfter = idleStopAfter;
        _counters = counters;
        _features = features;
        _cluster = cluster;

        // The broker's configuration gives rooms their small mailbox; a test system without it gives them Akka's default.
        var deploy = Akka.Actor.Props.Empty.Deploy;
        _roomStart = new RoomStartSettings(idleStopAfter, counters, features ?? RoomFeatureSettings.Default, cluster,
            Context.System.Settings.Config.HasPath(RoomMailbox.ConfigPath) ? deploy.WithMailbox(RoomMailbox.ConfigPath) : deploy);

        Receive<PublishBatch>(RoutePublish);
        Receive<JoinRoom>(join => Route(GetOrStart(join.Room), join));
        Receive<LeaveRoom>(leave => RouteToExisting(leave, new RoomLeft(leave.RequestId)));
        Receive<SubscribePattern>(SubscribePattern);
        Receive<UnsubscribePattern>(unsubscribe =>
            Sender.Tell(new PatternRoomsNotified(unsubscribe.RequestId, RemovePatternSubscription(unsubscribe.Pattern, Sender, unsubscribe.RequestId))));
        Receive<RoomMembersChanged>(MembersChanged);
        Receive<RoomIdle>(RoomIdle);
        Receive<RoomRevived>(RoomRevived);
        Receive<Terminated>(Terminated);
        Receive<ListChannels>(list => Sender.Tell(new ChannelsListed(list.RequestId, _rooms.WithChannelMembers(list.Pattern))));
        Receive<CountSubscribers>(count => Sender.Tell(new SubscribersCounted(count.RequestId, count.Channels.Select(_rooms.ChannelMembers).ToList())));
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
            Context.ActorOf(NodeLossActor.Props(Self, NodeLossActor.RegionSettleTime), "node-loss");
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
        if (_rooms.TryGet(batch.Room, out var entry))
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

    private void Route(RegisteredRoom entry, object message) => entry.Route(message, Sender);

    // A message that never starts a room: to the room when it exists, else the sender gets the absent answer.
    private void RouteToExisting(IRoomCommand message, object absent)
    {
        if (_rooms.TryGet(message.Room, out var entry))
        {
            Route(entry, message);
        }
        else
        {
            Sender.Tell(absent);
        }
    }

    private RegisteredRoom GetOrStart(string room)
    {
        if (_rooms.TryGet(room, out var entry))
        {
            return entry;
        }

        var actor = Context.ActorOf(RoomActor.Props(room, _patterns.Matching(room), _roomStart), RoomNames.ActorName(room));
        Context.Watch(actor);
        return _rooms.Add(room, actor);
    }

    private void SubscribePattern(SubscribePattern subscribe)
    {
        if (_patterns.Add(subscribe.Pattern, Sender, subscribe.Protocol))
        {
            Context.Watch(Sender);
        }

        var notified = 0;

        // A stopping room gets the whole pattern set if it revives, or is started with it later.
        foreach (var entry in _rooms.ActiveMatching(subscribe.Pattern))
        {
            entry.Actor.Tell(new AddPatternMember(subscribe.RequestId, subscribe.Pattern, Sender, subscribe.Protocol));
            notified++;
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
        foreach (var entry in _rooms.ActiveMatching(pattern))
        {
            entry.Actor.Tell(new RemovePatternMember(requestId, pattern, subscriber));
            notified++;
        }

        PublishTotals();
        return notified;
    }

    private void MembersChanged(RoomMembersChanged changed)
    {
        if (_rooms.SetChannelMembers(changed.Room, changed.ChannelMembers))
        {
            PublishTotals();
        }
    }

    private void RoomIdle(RoomIdle idle)
    {
        if (_rooms.TryGet(idle.Room, out var entry) && entry.Actor.Equals(Sender) && !entry.Stopping)
        {
            entry.Stopping = true;
            entry.Actor.Tell(StopRoom.Instance);
        }
    }

    private void RoomRevived(RoomRevived revived)
    {
        if (!_rooms.TryGet(revived.Room, out var entry) || !entry.Actor.Equals(Sender) || !entry.Stopping)
        {
            return;
        }

        entry.Stopping = false;
        entry.Actor.Tell(new ReplacePatterns(_patterns.Matching(revived.Room)));
        entry.Release();
    }

    private void Terminated(Terminated terminated)
    {
        if (_rooms.Remove(terminated.ActorRef, out var room, out var entry))
        {
            if (entry.ChannelMembers > 0)
            {
                PublishTotals();
            }

            if (entry.HasHeld)
            {
                // Messages arrived while it stopped: start it again and hand them over in their order.
                GetOrStart(room).Release(heldBy: entry);
            }

            return;
        }

        foreach (var pattern in _patterns.PatternsOf(terminated.ActorRef))
        {
            RemovePatternSubscription(pattern, terminated.ActorRef, requestId: 0);
        }
    }

    private void TellActiveRooms(object message)
    {
        foreach (var entry in _rooms.Active())
        {
            entry.Actor.Tell(message);
        }
    }

    // Cluster mode: an owner's batch for this node's patterns goes to its room when one of them still matches.
    private void RoutePatternBatch(OrderedBatch batch)
    {
        if (_rooms.TryGet(batch.Room, out var entry))
        {
            Route(entry, batch);
        }
        else if (_patterns.AnyMatches(batch.Room))
        {
            Route(GetOrStart(batch.Room), batch);
        }
    }

    private void PublishTotals()
    {
        _counters.SetPubSubTotals(_rooms.ActiveChannels, _patterns.Count);
    }
}

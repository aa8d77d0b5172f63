using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Rooms.Queries;
using ActorRooms.Broker.Stats;
using Akka.Actor;
using Akka.Event;

namespace ActorRooms.Broker.Rooms.Ordering;

/// <summary>
/// A room in a cluster: its publishers' batches go to the room's owner (<see cref="OwnerPublisher"/>), and from its
/// first member on the room follows that owner. It registers (<see cref="FollowRoom"/>) and holds every member's
/// confirmation (<c>:1</c>, <c>roomjoined</c>) until the owner's answer (<see cref="RoomFollowed"/>) is here: the owner
/// sends every batch it orders after that answer to this room, point to point and in order, so a confirmed member
/// receives everything published afterwards on any node. The answer carries the owner's ledger, which this room keeps
/// a copy of (<see cref="LedgerMirror"/>) and numbers every batch into as the owner did, so SNAPSHOT, FROM, LAST and
/// every <c>roommsg</c>'s (epoch, seq) are the same on every node. The room watches its owner: when the owner stops,
/// restarts or its node is lost, the room registers again, and the new owner's epoch reaches ROOM.JOIN members as a
/// <c>roomreset</c> followed by what the new owner ordered before the registration (plain members get those messages
/// too), never as a silent jump. The room follows until it stops.
/// </summary>
public sealed class ClusterOrdering : IRoomOrdering
{
    private readonly string _room;
    private readonly RoomClusterLink _link;
    private readonly RoomMembers _members;
    private readonly RoomActivity _activity;
    private readonly ILoggingAdapter _log;
    private readonly IActorContext _context;
    private readonly RoomTimers _timers;
    private readonly OwnerPublisher _publisher;
    private readonly LedgerMirror _mirror;
    private readonly OrderedBatchDelivery _delivery;
    private readonly OwnerRegistration _registration = new();
    private readonly WatchedOwner _owner;

    public ClusterOrdering(string room, RoomClusterLink link, RoomFeatureSettings features, RoomMembers members, RoomActivity activity, BrokerCounters counters, ILoggingAdapter log, IActorContext context, RoomTimers timers)
    {
        _room = room;
        _link = link;
        _members = members;
        _activity = activity;
        _log = log;
        _context = context;
        _timers = timers;
        _mirror = new LedgerMirror(features);
        _owner = new WatchedOwner(context);
        _delivery = new OrderedBatchDelivery(members, activity, counters, _mirror);
        _publisher = new OwnerPublisher(room, link, members, counters, log, context.Self, timers);
    }

    /// <inheritdoc/>
    public RoomLedger Ledger => _mirror.Ledger;

    /// <inheritdoc/>
    public bool Handle(object message, IActorRef sender)
    {
        switch (message)
        {
            case PublishBatch batch:
                _activity.Published();
                _publisher.Send(batch, sender);
                return true;
            case OrderedBatch ordered:
                DeliverOrdered(ordered);
                return true;
            case RoomFollowed followed:
                Followed(followed);
                return true;
            case FollowAgain:
                OwnerLost("restarted");
                return true;
            case RegistrationDue:
                RegistrationOverdue();
                return true;
            case OwnerRegionSettled:
                Register();
                return true;
            default:
                return _publisher.Handle(message);
        }
    }

    /// <inheritdoc/>
    public bool AskElsewhere(QueryRoomLast query, IActorRef asker)
    {
        if (_mirror.FollowedEpoch is not null)
        {
            return false;
        }

        _context.ActorOf(OwnerLastValuesQueryActor.Props(_link.OwnerRegion, query, asker, _link.OwnerAckTimeout));
        return true;
    }

    /// <inheritdoc/>
    public void Confirm(IActorRef member, object confirmation)
    {
        if (_registration.Holds)
        {
            _registration.HoldConfirmation(member, confirmation);
            return;
        }

        member.Tell(confirmation, _context.Self);
    }

    /// <inheritdoc/>
    public bool HoldJoin(JoinRoomFeed join, IActorRef sender)
    {
        if (_registration.NotFollowing)
        {
            Register();
        }

        if (!_registration.Holds)
        {
            return false;
        }

        _registration.HoldRequest(join, sender);
        return true;
    }

    /// <inheritdoc/>
    public bool HoldInfo(QueryRoomInfo query, IActorRef sender)
    {
        // A room that has never followed its owner (nobody here is in it: it only forwards publishes) has no copy of the
        // ledger; it follows now, so that the answer carries the owner's epoch, seq and history bounds.
        if (_mirror.FollowedEpoch is not null)
        {
            return false;
        }

        if (_registration.NotFollowing)
        {
            Register();
        }

        if (!_registration.Holds)
        {
            return false;
        }

        _registration.HoldRequest(query, sender);
        return true;
    }

    // Follow from the first member on, until the room stops. A room that stopped following while keeping its copy of
    // the ledger would miss batches without knowing; the idle stop ends both.
    /// <inheritdoc/>
    public void MembersChanged()
    {
        if (_members.HasMembers && _registration.NotFollowing)
        {
            Register();
        }
    }

    /// <inheritdoc/>
    public bool Terminated(IActorRef actor)
    {
        if (!_owner.Is(actor))
        {
            return false;
        }

        // The owner stopped because its node was removed: the shard region learns of it from the same death watch, and
        // a registration it took before then would go to the lost node and wait owner-ack-timeout to be sent again.
        ForgetOwner("stopped or its node was lost");
        _timers.StartSingle(OwnerRegionSettled.Instance, OwnerRegionSettled.Instance, NodeLossActor.RegionSettleTime);
        return true;
    }

    /// <inheritdoc/>
    public void Stopped()
    {
        _owner.Unfollow(_room);
        _publisher.Stopped();
    }

    // Asks the owner (through the shard region) to register this room: for its whole ledger when this copy is of
    // another epoch (always the first time), else only what comes after this copy's last seq (a repair).
    private void Register()
    {
        _registration.Sent();
        _link.OwnerRegion.Tell(new FollowRoom(_room, _mirror.FollowedEpoch ?? 0, _mirror.Ledger.LastSeq + 1), _context.Self);
        _timers.StartSingle(RegistrationDue.Instance, RegistrationDue.Instance, _link.OwnerAckTimeout);
    }

    private void Followed(RoomFollowed state)
    {
        _owner.Followed(_context.Sender);
        var update = _mirror.Follow(state);
        if (update.Reset is { } reset)
        {
            _log.Warning("Room {0}: its owner restarted with a new epoch ({1} after {2}); members get a reset and the {3} message(s) it has ordered since", _room, state.Epoch, update.PreviousEpoch, update.Missed.Length);
            _members.TellFeedReset(reset.Epoch, reset.LastSeq);
        }

        _timers.Cancel(RegistrationDue.Instance);
        var held = _registration.Followed();
        foreach (var (member, confirmation) in held.Confirmations)
        {
            member.Tell(confirmation, _context.Self);
        }

        _delivery.Deliver(update.Missed.Select(e => e.Payload).ToList(), update.Missed);
        foreach (var batch in held.Batches)
        {
            DeliverOrdered(batch);
        }

        foreach (var (request, sender) in held.Requests)
        {
            _context.Self.Tell(request, sender);
        }
    }

    private void DeliverOrdered(OrderedBatch batch)
    {
        if (batch.ForPatterns)
        {
            _delivery.DeliverToPatterns(batch);
            return;
        }

        if (_registration.Registering)
        {
            // A repair is under way: the batch follows what the owner sends for the gap.
            _registration.HoldBatch(batch);
            return;
        }

        if (_mirror.HasGapBefore(batch))
        {
            // Point-to-point delivery from the owner has no gaps while both nodes are up; if one shows, it is filled
            // from the owner's history rather than passed on as a silent jump.
            _log.Warning("Room {0}: batch from seq {1} arrived after seq {2}; filling the gap from the owner's history", _room, batch.FirstSeq, _mirror.Ledger.LastSeq);
            _registration.HoldBatch(batch);
            Register();
            return;
        }

        _delivery.Apply(batch);
    }

    private void OwnerLost(string why)
    {
        ForgetOwner(why);
        Register();
    }

    private void ForgetOwner(string why)
    {
        _log.Info("Room {0}: its owner {1}; registering with its successor", _room, why);
        _owner.Forget();
    }

    // The owner has not answered within owner-ack-timeout (moving, or its node lost): members waiting for their
    // confirmation get it now rather than hang, and the registration is sent again until the owner answers.
    private void RegistrationOverdue()
    {
        if (!_registration.Registering)
        {
            return;
        }

        _log.Warning("Room {0}: the room's owner has not answered its registration within {1}; confirming waiting members and asking again", _room, _link.OwnerAckTimeout);
        _mirror.ShowOwnEpoch();
        var held = _registration.MarkOverdue();
        foreach (var (member, confirmation) in held.Confirmations)
        {
            member.Tell(confirmation, _context.Self);
        }

        foreach (var (request, sender) in held.Requests)
        {
            _context.Self.Tell(request, sender);
        }

        Register();
    }

    private sealed class OwnerRegionSettled
    {
        public static OwnerRegionSettled Instance { get; } = new();

        private OwnerRegionSettled()
        {
        }
    }

    private sealed class RegistrationDue
    {
        public static RegistrationDue Instance { get; } = new();

        private RegistrationDue()
        {
        }
    }
}

using System.Buffers;
using ActorRooms.Broker.Cluster;
using ActorRooms.Messages.Resp;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// Cluster mode, the receiving side: from its first member on, the room follows its owner. It registers
/// (<see cref="FollowRoom"/>) and holds every member's confirmation (<c>:1</c>, <c>roomjoined</c>) until the owner's
/// answer (<see cref="RoomFollowed"/>) is here: the owner sends every batch it orders after that answer to this room,
/// point to point and in order, so a confirmed member receives everything published afterwards on any node. The
/// answer carries the owner's ledger, which this room keeps a copy of and numbers every batch into as the owner did,
/// so SNAPSHOT, FROM, LAST and every <c>roommsg</c>'s (epoch, seq) are the same on every node. The room watches its
/// owner: when the owner stops, restarts or its node is lost, the room registers again, and the new owner's epoch
/// reaches ROOM.JOIN members as a <c>roomreset</c> followed by what the new owner ordered before the registration
/// (plain members get those messages too), never as a silent jump. The room follows until it stops.
/// </summary>
public sealed partial class RoomActor
{
    private readonly List<OrderedBatch> _batchesWhileRegistering = [];
    private readonly List<(IActorRef Member, object Confirmation)> _confirmationsWhileRegistering = [];
    private readonly List<(JoinRoomFeed Join, IActorRef Sender)> _joinsWhileRegistering = [];
    private FollowState _follow;
    private IActorRef? _owner;
    private long? _followedEpoch;
    private bool _registrationOverdue;

    private enum FollowState
    {
        NotFollowing,
        Registering,
        Following,
    }

    private void ReceiveFollowerMessages()
    {
        Receive<OrderedBatch>(DeliverOrdered);
        Receive<RoomFollowed>(Followed);
        Receive<FollowAgain>(_ => OwnerLost("restarted"));
        Receive<RegistrationDue>(_ => RegistrationOverdue());
    }

    // Called whenever the members change: follow from the first member on, until the room stops. A room that stopped
    // following while keeping its copy of the ledger would miss batches without knowing; the idle stop ends both.
    private void FollowOwner()
    {
        if (_cluster is not null && HasMembers && _follow == FollowState.NotFollowing)
        {
            Register();
        }
    }

    // Asks the owner (through the shard region) to register this room: for its whole ledger when this copy is of
    // another epoch (always the first time), else only what comes after this copy's last seq (a repair).
    private void Register()
    {
        _follow = FollowState.Registering;
        _cluster!.OwnerRegion.Tell(new FollowRoom(_room, _followedEpoch ?? 0, _ledger.LastSeq + 1), Self);
        Timers.StartSingleTimer(RegistrationDue.Instance, RegistrationDue.Instance, _cluster.OwnerAckTimeout);
    }

    /// <summary>Sends <paramref name="confirmation"/> to <paramref name="member"/> now, or once this room is registered with its owner.</summary>
    private void Confirm(IActorRef member, object confirmation)
    {
        if (_cluster is not null && _follow != FollowState.Following && !_registrationOverdue)
        {
            _confirmationsWhileRegistering.Add((member, confirmation));
            return;
        }

        member.Tell(confirmation, Self);
    }

    /// <summary>True when <paramref name="join"/> must wait for the owner's answer (it is kept and handled after it).</summary>
    private bool HoldUntilFollowing(JoinRoomFeed join)
    {
        if (_cluster is null)
        {
            return false;
        }

        if (_follow == FollowState.NotFollowing)
        {
            Register();
        }

        if (_follow == FollowState.Following || _registrationOverdue)
        {
            return false;
        }

        _joinsWhileRegistering.Add((join, Sender));
        return true;
    }

    private void Followed(RoomFollowed state)
    {
        if (!Sender.Equals(_owner))
        {
            if (_owner is not null)
            {
                Context.Unwatch(_owner);
            }

            _owner = Sender;
            Context.Watch(_owner);
        }

        var history = RoomEntryList.Unpack(state.History);
        var missed = Array.Empty<RoomEntry>();
        if (_followedEpoch is null)
        {
            _ledger = RoomLedger.Restore(_features, state.Epoch, state.LastSeq, history, RoomEntryList.Unpack(state.LastValues));
        }
        else if (state.Epoch != _followedEpoch)
        {
            // A new owner, with new state: everything it ordered before this registration was never sent here.
            _log.Warning("Room {0}: its owner restarted with a new epoch ({1} after {2}); members get a reset and the {3} message(s) it has ordered since", _room, state.Epoch, _followedEpoch, history.Count);
            _ledger = RoomLedger.Restore(_features, state.Epoch, history.Count > 0 ? history[0].Seq - 1 : state.LastSeq, [], RoomEntryList.Unpack(state.LastValues));
            TellFeedMembersReset();
            missed = AppendMissed(history);
        }
        else
        {
            // A repair, or an answer to a registration sent again: only what this copy does not have.
            missed = AppendMissed(history.Where(e => e.Seq > _ledger.LastSeq).ToList());
        }

        _followedEpoch = state.Epoch;
        _follow = FollowState.Following;
        _registrationOverdue = false;
        Timers.Cancel(RegistrationDue.Instance);
        foreach (var (member, confirmation) in _confirmationsWhileRegistering)
        {
            member.Tell(confirmation, Self);
        }

        _confirmationsWhileRegistering.Clear();
        DeliverToAllMembers(missed);
        foreach (var batch in _batchesWhileRegistering)
        {
            DeliverOrdered(batch);
        }

        _batchesWhileRegistering.Clear();
        foreach (var (join, sender) in _joinsWhileRegistering)
        {
            Self.Tell(join, sender);
        }

        _joinsWhileRegistering.Clear();
    }

    private void DeliverOrdered(OrderedBatch batch)
    {
        var (payloads, keys) = PayloadBatch.Unpack(batch.Payloads);
        if (batch.ForPatterns)
        {
            // A pattern-only room lives while matching traffic arrives, as a single node's room lives while published to.
            _publishedSinceIdleCheck |= _patterns.Count > 0;
            _counters.Delivered(payloads.Count, FanOut(payloads, ActorRefs.Nobody, toMembers: false, toPatterns: true).Receivers);
            return;
        }

        if (_follow == FollowState.Registering)
        {
            // A repair is under way: the batch follows what the owner sends for the gap.
            _batchesWhileRegistering.Add(batch);
            return;
        }

        if (batch.Epoch == _ledger.Epoch && batch.FirstSeq > _ledger.LastSeq + 1)
        {
            // Point-to-point delivery from the owner has no gaps while both nodes are up; if one shows, it is filled
            // from the owner's history rather than passed on as a silent jump.
            _log.Warning("Room {0}: batch from seq {1} arrived after seq {2}; filling the gap from the owner's history", _room, batch.FirstSeq, _ledger.LastSeq);
            _batchesWhileRegistering.Add(batch);
            Register();
            return;
        }

        if (batch.Epoch != _ledger.Epoch && _followedEpoch is not null)
        {
            TellFeedMembersReset(batch.Epoch, batch.FirstSeq - 1);
        }

        var entries = Mirror(batch, payloads, keys);
        if (entries.Length == 0)
        {
            return;
        }

        // Only what this copy did not have yet (after a repair, part of a batch may be known already).
        var fresh = entries.Length == payloads.Count ? payloads : entries.Select(e => e.Payload).ToList();
        var (receivers, _) = FanOut(fresh, ActorRefs.Nobody, toMembers: true, toPatterns: false);
        receivers += DeliverToFeedMembers(entries);
        _ledger.Delivered(entries.Length, receivers, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        _counters.Delivered(entries.Length, receivers);
    }

    private void OwnerTerminated(IActorRef owner)
    {
        if (owner.Equals(_owner))
        {
            OwnerLost("stopped or its node was lost");
        }
    }

    private void OwnerLost(string why)
    {
        _log.Info("Room {0}: its owner {1}; registering with its successor", _room, why);
        if (_owner is not null)
        {
            Context.Unwatch(_owner);
            _owner = null;
        }

        Register();
    }

    // The owner has not answered within owner-ack-timeout (moving, or its node lost): members waiting for their
    // confirmation get it now rather than hang, and the registration is sent again until the owner answers.
    private void RegistrationOverdue()
    {
        if (_follow != FollowState.Registering)
        {
            return;
        }

        _log.Warning("Room {0}: the room's owner has not answered its registration within {1}; confirming waiting members and asking again", _room, _cluster!.OwnerAckTimeout);
        _registrationOverdue = true;
        foreach (var (member, confirmation) in _confirmationsWhileRegistering)
        {
            member.Tell(confirmation, Self);
        }

        _confirmationsWhileRegistering.Clear();
        foreach (var (join, sender) in _joinsWhileRegistering)
        {
            Self.Tell(join, sender);
        }

        _joinsWhileRegistering.Clear();
        Register();
    }

    private void StopFollowing()
    {
        _owner?.Tell(new UnfollowRoom(_room), Self);
    }

    // Appends entries the owner ordered that this copy does not have; returns them as numbered here.
    private RoomEntry[] AppendMissed(IReadOnlyList<RoomEntry> history)
    {
        var missed = new List<RoomEntry>();
        foreach (var entry in history)
        {
            _ledger.SkipTo(entry.Seq - 1);
            missed.AddRange(_ledger.Append([entry.Payload], entry.Key is null ? null : [entry.Key], entry.TimeMs));
        }

        return [.. missed];
    }

    private void DeliverToAllMembers(RoomEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return;
        }

        var payloads = entries.Select(e => e.Payload).ToList();
        var (receivers, _) = FanOut(payloads, ActorRefs.Nobody, toMembers: true, toPatterns: false);
        receivers += DeliverToFeedMembers(entries);
        _ledger.Delivered(entries.Length, receivers, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        _counters.Delivered(entries.Length, receivers);
    }

    // ROOM.JOIN members learn that the numbering starts again: the new epoch, and the seq before what follows.
    private void TellFeedMembersReset(long? epoch = null, long? lastSeq = null)
    {
        ByteString? resp2 = null;
        ByteString? resp3 = null;
        foreach (var (member, feed) in _feedMembers)
        {
            var frame = feed.Protocol == RespProtocol.Resp3
                ? resp3 ??= ResetFrame(epoch ?? _ledger.Epoch, lastSeq ?? _ledger.LastSeq, RespProtocol.Resp3)
                : resp2 ??= ResetFrame(epoch ?? _ledger.Epoch, lastSeq ?? _ledger.LastSeq, RespProtocol.Resp2);
            member.Tell(new RoomFeedNotice(_room, frame), Self);
        }
    }

    private ByteString ResetFrame(long epoch, long lastSeq, RespProtocol protocol)
    {
        var writer = new ArrayBufferWriter<byte>();
        RoomFrames.WriteReset(writer, _roomBytes, epoch, lastSeq, protocol);
        return ByteString.FromBytes(writer.WrittenSpan.ToArray());
    }

    /// <summary>
    /// Applies an ordered batch to this node's copy with the owner's numbers and returns its new entries (none when
    /// the copy already had them). A new epoch (the owner restarted) starts a new copy.
    /// </summary>
    private RoomEntry[] Mirror(OrderedBatch batch, IReadOnlyList<ReadOnlyMemory<byte>> payloads, IReadOnlyList<string?>? keys)
    {
        if (batch.Epoch != _ledger.Epoch)
        {
            _ledger = new RoomLedger(_features, batch.Epoch);
            _followedEpoch = batch.Epoch;
        }

        _ledger.SkipTo(batch.FirstSeq - 1);
        var known = (int)Math.Clamp(_ledger.LastSeq + 1 - batch.FirstSeq, 0, payloads.Count);
        if (known == payloads.Count)
        {
            return [];
        }

        if (known > 0)
        {
            payloads = payloads.Skip(known).ToList();
            keys = keys?.Skip(known).ToList();
        }

        return _ledger.Append(payloads, keys, batch.TimeMs);
    }

    private sealed class RegistrationDue
    {
        public static RegistrationDue Instance { get; } = new();

        private RegistrationDue()
        {
        }
    }
}

using ActorRooms.Broker.Cluster;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// Cluster mode: this node's copy of the owner's ledger. When the room starts following its topic it asks the owner
/// for its ledger (epoch, history, last values) and from then on applies every ordered batch with the owner's numbers,
/// so ROOM.JOIN's SNAPSHOT, FROM and LAST, ROOM.LAST and the seq of every <c>roommsg</c> are the same on every node.
/// Until the copy arrives, ROOM.JOINs wait (plain members are served at once) and ordered batches are kept to be
/// applied after it, so a join sees neither gap nor duplicate between the copy and live messages. When a batch arrives
/// past the next seq (pub/sub between nodes is at most once: a subscription is not yet known everywhere, a node was
/// briefly unreachable), the room asks the owner again and fills the gap from the owner's history before going on,
/// so ROOM.JOIN members miss nothing the history still holds; plain subscribers stay at most once, as in Redis.
/// </summary>
public sealed partial class RoomActor
{
    private readonly List<OrderedBatch> _batchesWhileMirroring = [];
    private readonly List<(JoinRoomFeed Join, IActorRef Sender)> _joinsWhileMirroring = [];
    private bool _mirroring;

    // How long after it starts following a topic the room checks with the owner for batches published before every
    // node knew of its subscription (pub/sub gossip, 200 ms in hocon/cluster.conf, reaches all nodes well within it).
    private static readonly TimeSpan CatchUpAfter = TimeSpan.FromSeconds(1);

    private void ReceiveMirrorMessages()
    {
        Receive<MirrorState>(MirrorArrived);
        Receive<MirrorTimedOut>(_ => MirrorTimeout());
        Receive<CatchUpDue>(_ => CatchUp());
    }

    // Follows the room topic (once) and, at that moment, asks the owner for its ledger.
    private void StartFollowing()
    {
        if (_cluster is null || _followingTopic)
        {
            return;
        }

        _followingTopic = true;
        _cluster.Mediator.Tell(new Subscribe(ClusterTopics.Room(_room), Self));
        AskOwnerForLedger();
        Timers.StartSingleTimer(CatchUpDue.Instance, CatchUpDue.Instance, CatchUpAfter);
    }

    // Holds ROOM.JOIN deliveries until the owner answers (or the timeout): the whole ledger when this copy is of
    // another epoch (the first time, always), else only what comes after this copy's last seq.
    private void AskOwnerForLedger()
    {
        _mirroring = true;
        _cluster!.OwnerRegion.Tell(new MirrorRequest(_room, _ledger.Epoch, _ledger.LastSeq + 1), Self);
        Timers.StartSingleTimer(MirrorTimedOut.Instance, MirrorTimedOut.Instance, _cluster.OwnerAckTimeout);
    }

    // Batches the owner published before its node knew of this node's subscription never came; if the owner has
    // ordered more than this copy holds, the gap is filled from its history now rather than at the next batch.
    private void CatchUp()
    {
        if (_mirroring || _feedMembers.Count == 0)
        {
            return;
        }

        AskOwnerForLedger();
    }

    /// <summary>True when <paramref name="join"/> must wait for the owner's ledger (it is kept and handled after it).</summary>
    private bool HoldUntilMirrored(JoinRoomFeed join)
    {
        if (_cluster is null)
        {
            return false;
        }

        StartFollowing();
        if (!_mirroring)
        {
            return false;
        }

        _joinsWhileMirroring.Add((join, Sender));
        return true;
    }

    // Asks the owner for its ledger again to fill a gap; batches wait meanwhile (ROOM.JOIN members only).
    private void RepairFromOwner(OrderedBatch batch)
    {
        _log.Debug("Room {0}: batch from seq {1} arrived after seq {2}; filling the gap from the owner's history", _room, batch.FirstSeq, _ledger.LastSeq);
        _batchesWhileMirroring.Add(batch);
        AskOwnerForLedger();
    }

    private void MirrorArrived(MirrorState state)
    {
        if (!_mirroring)
        {
            return;
        }

        var history = RoomEntryList.Unpack(state.History);
        if (state.Epoch == _ledger.Epoch)
        {
            // A repair: what this copy missed, in order, to the members waiting for it.
            var missed = new List<RoomEntry>();
            foreach (var entry in history.Where(e => e.Seq > _ledger.LastSeq).ToList())
            {
                _ledger.SkipTo(entry.Seq - 1);
                missed.AddRange(_ledger.Append([entry.Payload], entry.Key is null ? null : [entry.Key], entry.TimeMs));
            }

            if (missed.Count > 0)
            {
                _ledger.Delivered(missed.Count, DeliverToFeedMembers([.. missed]), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            }
        }
        else
        {
            _ledger = RoomLedger.Restore(_features, state.Epoch, state.LastSeq, history, RoomEntryList.Unpack(state.LastValues));
        }

        MirrorReady();
    }

    private void MirrorTimeout()
    {
        if (!_mirroring)
        {
            return;
        }

        // The owner did not answer (moving, or its node lost): the copy starts from the next ordered batch instead,
        // and a FROM or LAST reaching before it gets the "history exhausted" notice.
        _log.Warning("Room {0}: the room's owner did not send its ledger within {1}; numbering from the next batch", _room, _cluster!.OwnerAckTimeout);
        MirrorReady();
    }

    private void MirrorReady()
    {
        _mirroring = false;
        Timers.Cancel(MirrorTimedOut.Instance);
        foreach (var batch in _batchesWhileMirroring)
        {
            // Plain members had these at once; ROOM.JOIN members get them now, numbered, after what was missed.
            var (payloads, keys) = PayloadBatch.Unpack(batch.Payloads);
            var entries = Mirror(batch, payloads, keys);
            if (entries.Length > 0)
            {
                _ledger.Delivered(entries.Length, DeliverToFeedMembers(entries), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            }
        }

        _batchesWhileMirroring.Clear();
        foreach (var (join, sender) in _joinsWhileMirroring)
        {
            Self.Tell(join, sender);
        }

        _joinsWhileMirroring.Clear();
    }

    /// <summary>
    /// Applies an ordered batch to this node's copy with the owner's numbers and returns its new entries (none when
    /// the copy already had them). A new epoch (the owner restarted) starts a new copy; a batch past the next seq
    /// (batches lost between nodes) moves the numbering on and empties the history, so the jump is visible.
    /// </summary>
    private RoomEntry[] Mirror(OrderedBatch batch, IReadOnlyList<ReadOnlyMemory<byte>> payloads, IReadOnlyList<string?>? keys)
    {
        if (batch.Epoch != _ledger.Epoch)
        {
            _ledger = new RoomLedger(_features, batch.Epoch);
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

    private sealed class CatchUpDue
    {
        public static CatchUpDue Instance { get; } = new();

        private CatchUpDue()
        {
        }
    }

    private sealed class MirrorTimedOut
    {
        public static MirrorTimedOut Instance { get; } = new();

        private MirrorTimedOut()
        {
        }
    }
}

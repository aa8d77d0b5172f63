using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Rooms.Ledger;

namespace ActorRooms.Broker.Rooms.Ordering;

/// <summary>
/// A cluster node's copy of its room owner's ledger, numbered as the owner numbered it: restored from the owner's
/// answer to a registration (<see cref="RoomFollowed"/>) and kept up to date with each ordered batch. No actor: the
/// follower decides when to apply what, this class only keeps the copy right.
/// </summary>
public sealed class LedgerMirror(RoomFeatureSettings features)
{
    /// <summary>The copy (before the first registration, an empty ledger of its own epoch).</summary>
    public RoomLedger Ledger { get; private set; } = new(features);

    /// <summary>The owner's epoch this copy follows; null before the first registration.</summary>
    public long? FollowedEpoch { get; private set; }

    // True once members were answered from this copy before it followed any owner (its registration was overdue, so
    // waiting ROOM.JOINs and ROOM.INFOs got this copy's own epoch): the owner's numbering must then come with a reset.
    private bool _ownEpochShown;

    /// <summary>
    /// Members are about to be answered from this copy although it follows no owner yet (the owner did not answer in
    /// time): from now on, taking the owner's epoch is a change they must be told of (<c>roomreset</c>).
    /// </summary>
    public void ShowOwnEpoch()
    {
        if (FollowedEpoch is null)
        {
            _ownEpochShown = true;
        }
    }

    /// <summary>True when <paramref name="batch"/> is of this copy's epoch but starts after a gap.</summary>
    public bool HasGapBefore(OrderedBatch batch) => batch.Epoch == Ledger.Epoch && batch.FirstSeq > Ledger.LastSeq + 1;

    /// <summary>True when <paramref name="batch"/> comes from an owner with another epoch than the one followed.</summary>
    public bool IsNewEpoch(OrderedBatch batch) => batch.Epoch != Ledger.Epoch && (FollowedEpoch is not null || _ownEpochShown);

    /// <summary>
    /// Takes the owner's answer to a registration: the first one becomes the copy (unless members were already shown
    /// this copy's own epoch: then as below); one of a new epoch (a new owner) starts a new copy, whose members must
    /// be told <see cref="FollowUpdate.Reset"/>; one of the same epoch (a repair) only adds what this copy lacks. Returns the entries new to this copy, numbered as the owner did.
    /// </summary>
    public FollowUpdate Follow(RoomFollowed state)
    {
        var history = RoomEntryList.Unpack(state.History);
        var previous = FollowedEpoch ?? (_ownEpochShown ? Ledger.Epoch : null);
        FollowUpdate update;
        if (previous is null)
        {
            Ledger = RoomLedger.Restore(features, state.Epoch, state.LastSeq, history, RoomEntryList.Unpack(state.LastValues));
            update = new FollowUpdate([], null, null);
        }
        else if (state.Epoch != previous)
        {
            // A new owner, with new state: everything it ordered before this registration was never sent here.
            Ledger = RoomLedger.Restore(features, state.Epoch, history.Count > 0 ? history[0].Seq - 1 : state.LastSeq, [], RoomEntryList.Unpack(state.LastValues));
            var reset = (Ledger.Epoch, Ledger.LastSeq);
            update = new FollowUpdate(AppendMissed(history), reset, previous);
        }
        else
        {
            // A repair, or an answer to a registration sent again: only what this copy does not have.
            update = new FollowUpdate(AppendMissed(history.Where(e => e.Seq > Ledger.LastSeq).ToList()), null, null);
        }

        FollowedEpoch = state.Epoch;
        return update;
    }

    /// <summary>
    /// Applies an ordered batch with the owner's numbers and returns its new entries (none when the copy already had
    /// them). A new epoch (the owner restarted) starts a new copy.
    /// </summary>
    public RoomEntry[] Apply(OrderedBatch batch, IReadOnlyList<ReadOnlyMemory<byte>> payloads, IReadOnlyList<string?>? keys)
    {
        if (batch.Epoch != Ledger.Epoch)
        {
            Ledger = new RoomLedger(features, batch.Epoch);
            FollowedEpoch = batch.Epoch;
        }

        Ledger.SkipTo(batch.FirstSeq - 1);
        var known = (int)Math.Clamp(Ledger.LastSeq + 1 - batch.FirstSeq, 0, payloads.Count);
        if (known == payloads.Count)
        {
            return [];
        }

        if (known > 0)
        {
            payloads = payloads.Skip(known).ToList();
            keys = keys?.Skip(known).ToList();
        }

        return Ledger.Append(payloads, keys, batch.TimeMs);
    }

    // Appends entries the owner ordered that this copy does not have; returns them as numbered here.
    private RoomEntry[] AppendMissed(IReadOnlyList<RoomEntry> history)
    {
        var missed = new List<RoomEntry>();
        foreach (var entry in history)
        {
            Ledger.SkipTo(entry.Seq - 1);
            missed.AddRange(Ledger.Append([entry.Payload], entry.Key is null ? null : [entry.Key], entry.TimeMs));
        }

        return [.. missed];
    }
}

/// <summary>
/// What a registration's answer changed in the copy: the entries it lacked (to deliver to every member), and, when
/// the owner has a new epoch, the numbering ROOM.JOIN members must be told restarts (<c>roomreset</c>), with the
/// epoch followed before.
/// </summary>
public sealed record FollowUpdate(RoomEntry[] Missed, (long Epoch, long LastSeq)? Reset, long? PreviousEpoch);

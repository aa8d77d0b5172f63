using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Stats;
using Akka.Actor;

namespace ActorRooms.Broker.Rooms.Ordering;

/// <summary>
/// What a following room (<see cref="ClusterOrdering"/>) does with a batch its owner ordered, once the batch may be
/// delivered: a pattern batch goes to the room's pattern members; a channel batch is numbered into the ledger copy
/// (<see cref="LedgerMirror"/>) and what the copy did not have yet goes to every member, with the ledger's and the
/// broker's figures. Holding a batch while the room registers or repairs a gap stays with <see cref="ClusterOrdering"/>.
/// </summary>
public sealed class OrderedBatchDelivery(RoomMembers members, RoomActivity activity, BrokerCounters counters, LedgerMirror mirror)
{
    /// <summary>Delivers a batch the owner ordered for pattern members only (it is not in the room's ledger).</summary>
    public void DeliverToPatterns(OrderedBatch batch)
    {
        var (payloads, _) = PackedPayloads.Unpack(batch.Payloads);

        // A pattern-only room lives while matching traffic arrives, as a single node's room lives while published to.
        if (members.PatternCount > 0)
        {
            activity.Published();
        }

        counters.Delivered(payloads.Count, members.FanOut(payloads, ActorRefs.Nobody, toChannel: false, toPatterns: true).Receivers);
    }

    /// <summary>
    /// Numbers a channel batch that follows the copy's last seq into the copy, and delivers what is new; a batch of
    /// a new epoch first tells the ROOM.JOIN members of the reset.
    /// </summary>
    public void Apply(OrderedBatch batch)
    {
        var (payloads, keys) = PackedPayloads.Unpack(batch.Payloads);
        if (mirror.IsNewEpoch(batch))
        {
            members.TellFeedReset(batch.Epoch, batch.FirstSeq - 1);
        }

        var entries = mirror.Apply(batch, payloads, keys);

        // Only what this copy did not have yet (after a repair, part of a batch may be known already).
        Deliver(entries.Length == payloads.Count ? payloads : entries.Select(e => e.Payload).ToList(), entries);
    }

    /// <summary>Delivers entries already in the copy (a batch's new part, or what the owner sent on registration).</summary>
    public void Deliver(IReadOnlyList<ReadOnlyMemory<byte>> payloads, RoomEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return;
        }

        var receivers = members.DeliverOrdered(payloads, mirror.Ledger.Epoch, entries);
        mirror.Ledger.Delivered(entries.Length, receivers, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        counters.Delivered(entries.Length, receivers);
    }
}

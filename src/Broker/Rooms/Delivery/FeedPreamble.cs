using System.Buffers;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Protocol.Resp;
using Akka.IO;

namespace ActorRooms.Broker.Rooms.Delivery;

/// <summary>
/// What a ROOM.JOIN member receives before anything live, taken from the ledger in the turn that adds it: a
/// <c>roomreset</c> after a lost room, then the snapshot (last value per key, then the <c>roomsnapshot</c> marker)
/// or the replay (a <c>roomexhausted</c> notice when the history no longer reaches back, then the history). Every
/// batch after that turn reaches the member live, so there is neither gap nor duplicate between the two.
/// </summary>
public static class FeedPreamble
{
    /// <summary>The preamble <paramref name="join"/> asked for, as data.</summary>
    public static FeedPreambleParts Parts(RoomLedger ledger, JoinRoomFeed join)
    {
        if (join.Options.Snapshot)
        {
            return new FeedPreambleParts(ledger.Epoch, ledger.LastSeq, join.AfterRoomLoss, null, null, ledger.LastValues(), Snapshot: true);
        }

        if (join.Options.From is not null || join.Options.Last is not null)
        {
            var replay = join.Options.From is { } from ? ledger.Replay(from) : ledger.ReplayLast(join.Options.Last!.Value);
            var exhausted = replay.ExhaustedOldest is not null;
            return new FeedPreambleParts(
                ledger.Epoch, ledger.LastSeq, join.AfterRoomLoss, exhausted ? replay.RequestedFrom : null, replay.ExhaustedOldest, replay.Entries, Snapshot: false);
        }

        return new FeedPreambleParts(ledger.Epoch, ledger.LastSeq, join.AfterRoomLoss, null, null, [], Snapshot: false);
    }

    /// <summary>The preamble <paramref name="join"/> asked for, encoded in its protocol.</summary>
    public static ByteString Write(RoomLedger ledger, byte[] room, FrameHeads heads, JoinRoomFeed join) =>
        Encode(Parts(ledger, join), room, heads, join.Protocol);

    /// <summary><paramref name="parts"/> as <c>roomreset</c>, <c>roomexhausted</c>, <c>roommsg</c> and <c>roomsnapshot</c> frames.</summary>
    public static ByteString Encode(FeedPreambleParts parts, byte[] room, FrameHeads heads, RespProtocol protocol)
    {
        var preamble = new ArrayBufferWriter<byte>();
        if (parts.Reset)
        {
            RoomFrames.WriteReset(preamble, room, parts.Epoch, parts.LastSeq, protocol);
        }

        if (parts.ExhaustedFrom is { } requested)
        {
            RoomFrames.WriteExhausted(preamble, room, parts.Epoch, requested, parts.ExhaustedOldest!.Value, protocol);
        }

        RoomFrames.WriteMessages(preamble, heads.For(protocol), parts.Epoch, parts.Entries, protocol);
        if (parts.Snapshot)
        {
            RoomFrames.WriteSnapshotEnd(preamble, room, parts.Epoch, parts.LastSeq, parts.Entries.Count, protocol);
        }

        return ByteString.FromBytes(preamble.WrittenSpan.ToArray());
    }
}

using System.Buffers;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Protocol.Resp;
using Akka.IO;

namespace ActorRooms.Broker.Rooms.Delivery;

/// <summary>
/// What a ROOM.JOIN member receives before anything live, written from the ledger in the turn that adds it: a
/// <c>roomreset</c> after a lost room, then the snapshot (last value per key, then the <c>roomsnapshot</c> marker)
/// or the replay (a <c>roomexhausted</c> notice when the history no longer reaches back, then the history). Every
/// batch after that turn reaches the member live, so there is neither gap nor duplicate between the two.
/// </summary>
public static class FeedPreamble
{
    /// <summary>The preamble <paramref name="join"/> asked for, encoded in its protocol.</summary>
    public static ByteString Write(RoomLedger ledger, byte[] room, FrameHeads heads, JoinRoomFeed join)
    {
        var preamble = new ArrayBufferWriter<byte>();
        var epoch = ledger.Epoch;
        if (join.AfterRoomLoss)
        {
            RoomFrames.WriteReset(preamble, room, epoch, ledger.LastSeq, join.Protocol);
        }

        var prefix = heads.For(join.Protocol);
        if (join.Options.Snapshot)
        {
            var values = ledger.LastValues();
            RoomFrames.WriteMessages(preamble, prefix, epoch, values, join.Protocol);
            RoomFrames.WriteSnapshotEnd(preamble, room, epoch, ledger.LastSeq, values.Count, join.Protocol);
        }
        else if (join.Options.From is not null || join.Options.Last is not null)
        {
            var replay = join.Options.From is { } from ? ledger.Replay(from) : ledger.ReplayLast(join.Options.Last!.Value);
            if (replay.ExhaustedOldest is { } oldest)
            {
                RoomFrames.WriteExhausted(preamble, room, epoch, replay.RequestedFrom, oldest, join.Protocol);
            }

            RoomFrames.WriteMessages(preamble, prefix, epoch, replay.Entries, join.Protocol);
        }

        return ByteString.FromBytes(preamble.WrittenSpan.ToArray());
    }
}

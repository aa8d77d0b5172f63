using System.Buffers;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.Feeds;

/// <summary>A ROOM.JOIN feed: <c>roommsg</c> and the room pushes of docs/protocol.md ("Room push frames").</summary>
public sealed class RoomPushFormat(byte[] room) : IFeedFormat
{
    private readonly FrameHeads _heads = FrameHeads.RoomMessage(room);

    public bool UsesRoomFrames => true;

    public bool NeedsStructuredPreamble => false;

    public void WriteJoined(IBufferWriter<byte> writer, long epoch, long lastSeq, RespProtocol protocol)
    {
        // The ROOM.JOIN reply (roomjoined) says it.
    }

    public void WriteMessages(IBufferWriter<byte> writer, long epoch, IReadOnlyList<RoomEntry> entries, RespProtocol protocol) =>
        RoomFrames.WriteMessages(writer, _heads.For(protocol), epoch, entries, protocol);

    public void WriteReset(IBufferWriter<byte> writer, long epoch, long lastSeq, RespProtocol protocol) =>
        RoomFrames.WriteReset(writer, room, epoch, lastSeq, protocol);

    public void WriteSnapshotEnd(IBufferWriter<byte> writer, long epoch, long lastSeq, long keys, RespProtocol protocol) =>
        RoomFrames.WriteSnapshotEnd(writer, room, epoch, lastSeq, keys, protocol);

    public void WriteExhausted(IBufferWriter<byte> writer, long epoch, long requested, long oldest, RespProtocol protocol) =>
        RoomFrames.WriteExhausted(writer, room, epoch, requested, oldest, protocol);

    public void WriteGap(IBufferWriter<byte> writer, long epoch, long from, long to, RespProtocol protocol) =>
        RoomFrames.WriteGap(writer, room, epoch, from, to, protocol);

    public void WriteConflated(IBufferWriter<byte> writer, long epoch, long from, long to, RespProtocol protocol) =>
        RoomFrames.WriteConflated(writer, room, epoch, from, to, protocol);

    public void WritePresence(IBufferWriter<byte> writer, long epoch, FeedPresenceNotice presence, RespProtocol protocol) =>
        RoomFrames.WritePresence(writer, presence.Joined, room, presence.ClientId, presence.ClientName, presence.Members, protocol);
}

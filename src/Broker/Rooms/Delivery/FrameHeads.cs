using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Rooms.Delivery;

/// <summary>
/// The encoded head of one kind of delivery frame (everything before the payload: <c>message</c> and the room,
/// <c>pmessage</c> with the pattern and the room, or <c>roommsg</c> with the room), built the first time a protocol
/// needs it and kept: a room pays for the heads of the protocols its members use, once. Used by the room's fan-out
/// and by a connection's room feed, which writes backlogs with the same head.
/// </summary>
public sealed class FrameHeads(Func<RespProtocol, byte[]> build)
{
    private byte[]? _resp2;
    private byte[]? _resp3;

    /// <summary>The <c>message</c> head for <paramref name="room"/> (SUBSCRIBE members).</summary>
    public static FrameHeads Message(byte[] room) => new(protocol => PubSubFrames.MessagePrefix(room, protocol));

    /// <summary>The <c>smessage</c> head for shard channel <paramref name="channel"/> (SSUBSCRIBE members).</summary>
    public static FrameHeads ShardMessage(byte[] channel) => new(protocol => PubSubFrames.MessagePrefix(channel, protocol, shard: true));

    /// <summary>The <c>pmessage</c> head for <paramref name="pattern"/> in <paramref name="room"/> (PSUBSCRIBE members).</summary>
    public static FrameHeads PatternMessage(byte[] pattern, byte[] room) =>
        new(protocol => PubSubFrames.PatternMessagePrefix(pattern, room, protocol));

    /// <summary>The <c>roommsg</c> head for <paramref name="room"/> (ROOM.JOIN members).</summary>
    public static FrameHeads RoomMessage(byte[] room) => new(protocol => RoomFrames.MessagePrefix(room, protocol));

    /// <summary>The head in <paramref name="protocol"/>.</summary>
    public byte[] For(RespProtocol protocol) => protocol == RespProtocol.Resp3
        ? _resp3 ??= build(RespProtocol.Resp3)
        : _resp2 ??= build(RespProtocol.Resp2);
}

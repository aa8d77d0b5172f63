using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Rooms.Delivery;

/// <summary>
/// The encoded head of one kind of delivery frame (everything before the payload: <c>message</c> and the room,
/// <c>pmessage</c> with the pattern and the room, or <c>roommsg</c> with the room), built the first time a protocol
/// needs it and kept: a room pays for the heads of the protocols its members use, once. Used by the room's fan-out
/// and by a connection's room feed, which writes backlogs with the same head.
/// </summary>
public sealed class FrameHeads
{
    // The factories share these builders (no closure per room); the bytes they need are kept here.
    private static readonly Func<FrameHeads, RespProtocol, byte[]> MessageHead = (h, p) => PubSubFrames.MessagePrefix(h._room!, p);
    private static readonly Func<FrameHeads, RespProtocol, byte[]> PatternHead = (h, p) => PubSubFrames.PatternMessagePrefix(h._pattern!, h._room!, p);
    private static readonly Func<FrameHeads, RespProtocol, byte[]> RoomMessageHead = (h, p) => RoomFrames.MessagePrefix(h._room!, p);
    private readonly Func<FrameHeads, RespProtocol, byte[]> _build;
    private readonly byte[]? _room;
    private readonly byte[]? _pattern;
    private byte[]? _resp2;
    private byte[]? _resp3;

    /// <summary>Heads made by <paramref name="build"/>, once per protocol.</summary>
    public FrameHeads(Func<RespProtocol, byte[]> build)
        : this((_, protocol) => build(protocol), null, null)
    {
    }

    private FrameHeads(Func<FrameHeads, RespProtocol, byte[]> build, byte[]? room, byte[]? pattern)
    {
        _build = build;
        _room = room;
        _pattern = pattern;
    }

    /// <summary>The <c>message</c> head for <paramref name="room"/> (SUBSCRIBE members).</summary>
    public static FrameHeads Message(byte[] room) => new(MessageHead, room, null);

    /// <summary>The <c>pmessage</c> head for <paramref name="pattern"/> in <paramref name="room"/> (PSUBSCRIBE members).</summary>
    public static FrameHeads PatternMessage(byte[] pattern, byte[] room) => new(PatternHead, room, pattern);

    /// <summary>The <c>roommsg</c> head for <paramref name="room"/> (ROOM.JOIN members).</summary>
    public static FrameHeads RoomMessage(byte[] room) => new(RoomMessageHead, room, null);

    /// <summary>The head in <paramref name="protocol"/>.</summary>
    public byte[] For(RespProtocol protocol) => protocol == RespProtocol.Resp3
        ? _resp3 ??= _build(this, RespProtocol.Resp3)
        : _resp2 ??= _build(this, RespProtocol.Resp2);
}

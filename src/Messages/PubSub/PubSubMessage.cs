using System.Text;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Protocol.PubSub;

/// <summary>
/// One delivered pub/sub message: <c>message channel payload</c>, or <c>pmessage pattern channel payload</c>
/// for a pattern subscription. The bytes are slices of the received data and never change.
/// </summary>
/// <param name="Channel">The room the message was published to.</param>
/// <param name="Payload">What the publisher sent.</param>
/// <param name="Pattern">The matching pattern of a <c>pmessage</c>; empty for a <c>message</c>.</param>
/// <param name="Room">
/// For a ROOM.JOIN feed: the <c>roommsg</c>'s epoch and seq, or a room notice (<c>roomgap</c>, <c>roomsnapshot</c>, ...)
/// with an empty payload, kept in the message stream so their order with the messages is not lost. Null otherwise.
/// </param>
public readonly record struct PubSubMessage(ReadOnlyMemory<byte> Channel, ReadOnlyMemory<byte> Payload, ReadOnlyMemory<byte> Pattern, RoomPushHeader? Room = null)
{
    /// <summary>True for a room notice rather than a message with a payload.</summary>
    public bool IsRoomNotice => Room is not null && Room.Kind != RoomPushKinds.Message;

    /// <summary>The channel as text.</summary>
    public string ChannelText => Encoding.UTF8.GetString(Channel.Span);

    /// <summary>The payload as text (invalid UTF-8 becomes U+FFFD).</summary>
    public string PayloadText => Encoding.UTF8.GetString(Payload.Span);
}

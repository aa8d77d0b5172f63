namespace ActorRooms.Protocol.PubSub;

/// <summary>
/// The room-feature part of a push (docs/protocol.md, "Room features"): its kind and numbers. For <c>roommsg</c>
/// <paramref name="From"/> and <paramref name="To"/> are both the message's seq; for <c>roomgap</c> and
/// <c>roomconflated</c> the range; for <c>roomjoined</c>, <c>roomsnapshot</c> and <c>roomreset</c> From is the last seq;
/// for <c>roomexhausted</c> the requested and the oldest seq.
/// </summary>
public sealed record RoomPushHeader(string Kind, long Epoch, long From, long To);

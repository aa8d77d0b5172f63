namespace ActorRooms.Broker.Rooms;

/// <summary>
/// One member as its connection describes it: who it is, how it is in the room (SUBSCRIBE, ROOM.JOIN or both), the
/// output its connection holds, and for a ROOM.JOIN member its policy, what it dropped or conflated so far and its
/// publish-to-deliver latency.
/// </summary>
public sealed record RoomMemberState(long ClientId, string? Name, bool Subscribed, RoomFeedState? Feed, long QueuedBytes);

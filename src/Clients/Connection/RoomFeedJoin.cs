namespace ActorRooms.Clients.Connection;

/// <summary>A ROOM.JOIN a connection sends on every connect: the room and the options after it (<c>SNAPSHOT</c>, <c>POLICY conflate</c>).</summary>
public sealed record RoomFeedJoin(string Room, IReadOnlyList<string> Options);

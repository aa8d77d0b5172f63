namespace ActorRooms.Broker.Network.Feeds;

/// <summary>What a ROOM.JOIN member's connection does with its room messages while its output is behind.</summary>
public enum RoomMemberPolicy
{
    /// <summary>Queue them like any output; past the connection's bound it is closed as a slow consumer (as SUBSCRIBE).</summary>
    Disconnect,

    /// <summary>Keep a bounded backlog, drop its oldest messages past the bound, and tell the exact range with <c>roomgap</c>.</summary>
    DropOldest,

    /// <summary>Keep only the newest message per key until the output drains, then send those (after <c>roomconflated</c>).</summary>
    Conflate,
}

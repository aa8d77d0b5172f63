namespace ActorRooms.Broker.Commands;

/// <summary>The room permission a command needs (Redis refuses the whole command when any name is not allowed).</summary>
public enum RoomAccess
{
    /// <summary>No room check (ROOM.LEAVE is always allowed; ROOM.LIST shows only the rooms the user may subscribe to).</summary>
    None,

    /// <summary>Publish to the room in argument 1 (PUBLISH, ROOM.PUBLISH).</summary>
    Publish,

    /// <summary>Subscribe to every channel from argument 1 on (SUBSCRIBE).</summary>
    SubscribeChannels,

    /// <summary>Subscribe to every pattern from argument 1 on (PSUBSCRIBE).</summary>
    SubscribePatterns,

    /// <summary>Read the room in argument 1 (ROOM.JOIN, LAST, MEMBERS, INFO): reading a room is subscribing to it.</summary>
    ReadRoom,
}

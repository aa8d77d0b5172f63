namespace ActorRooms.Broker.Rooms;

/// <summary>Room → registry: the room's number of channel members changed (PUBSUB NUMSUB and CHANNELS read these).</summary>
public sealed record RoomMembersChanged(string Room, int ChannelMembers);

/// <summary>Room → registry: no channel members and no publish for the idle period; the room offers to stop.</summary>
public sealed record RoomIdle(string Room);

/// <summary>
/// Registry → room: stop now if still idle. The registry holds further messages for the room until it hears
/// <see cref="RoomRevived"/> or sees the room terminate.
/// </summary>
public sealed class StopRoom
{
    public static StopRoom Instance { get; } = new();

    private StopRoom()
    {
    }
}

/// <summary>Room → registry: a member joined after <see cref="RoomIdle"/>; the room stays.</summary>
public sealed record RoomRevived(string Room);

/// <summary>Registry → revived room: the full set of pattern subscriptions it must serve now.</summary>
public sealed record ReplacePatterns(IReadOnlyList<PatternMembership> Patterns);

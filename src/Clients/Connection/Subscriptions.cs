namespace ActorRooms.Clients.Connection;

/// <summary>
/// What a connection joins on every connect: channels with SUBSCRIBE, patterns with PSUBSCRIBE, and a room feed with
/// ROOM.JOIN (which falls back to SUBSCRIBE on a server without room features, such as redis-server).
/// </summary>
public sealed record Subscriptions(IReadOnlyList<string> Channels, IReadOnlyList<string> Patterns, RoomFeedJoin? Feed = null)
{
    /// <summary>None: a publishing connection.</summary>
    public static Subscriptions None { get; } = new([], []);

    /// <summary>True when the connection subscribes to anything (and so receives pushes in RESP2).</summary>
    public bool Any => Channels.Count > 0 || Patterns.Count > 0 || Feed is not null;

    /// <summary>A room feed: <c>ROOM.JOIN room options...</c>.</summary>
    public static Subscriptions RoomFeed(string room, IReadOnlyList<string> options) => new([], [], new RoomFeedJoin(room, options));

    /// <summary>One channel.</summary>
    public static Subscriptions Channel(string channel) => new([channel], []);

    /// <summary>One pattern.</summary>
    public static Subscriptions Pattern(string pattern) => new([], [pattern]);
}

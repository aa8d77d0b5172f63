namespace ActorRooms.Clients.Connection;

/// <summary>What a connection joins on every connect: channels with SUBSCRIBE, patterns with PSUBSCRIBE.</summary>
public sealed record Subscriptions(IReadOnlyList<string> Channels, IReadOnlyList<string> Patterns)
{
    /// <summary>None: a publishing connection.</summary>
    public static Subscriptions None { get; } = new([], []);

    /// <summary>True when the connection subscribes to anything (and so receives pushes in RESP2).</summary>
    public bool Any => Channels.Count > 0 || Patterns.Count > 0;

    /// <summary>One channel.</summary>
    public static Subscriptions Channel(string channel) => new([channel], []);

    /// <summary>One pattern.</summary>
    public static Subscriptions Pattern(string pattern) => new([], [pattern]);
}

namespace ActorRooms.Broker.Network.Feeds;

/// <summary>
/// A connection's room feeds by how they are named and by room: ROOM.JOIN feeds by room (one each), feed channels by
/// channel name, and every feed of a room, which is what the room's batches and notices go to.
/// </summary>
public sealed class FeedIndex
{
    private readonly Dictionary<string, List<RoomFeed>> _byRoom = [];

    /// <summary>ROOM.JOIN feeds by room.</summary>
    public Dictionary<string, RoomFeed> Joined { get; } = [];

    /// <summary><c>SUBSCRIBE room:…</c> feeds by channel.</summary>
    public Dictionary<string, RoomFeed> Channels { get; } = [];

    /// <summary>The rooms this connection has a feed of.</summary>
    public IEnumerable<string> Rooms => _byRoom.Keys;

    /// <summary>Every feed.</summary>
    public IEnumerable<RoomFeed> All => Joined.Values.Concat(Channels.Values);

    public bool Contains(string room) => _byRoom.ContainsKey(room);

    /// <summary>The ROOM.JOIN feed of <paramref name="room"/>, else its first feed channel, or null.</summary>
    public RoomFeed? Representative(string room) => Joined.GetValueOrDefault(room) ?? _byRoom.GetValueOrDefault(room)?[0];

    /// <summary>True when a feed of <paramref name="room"/> asked for presence notices.</summary>
    public bool WantsPresence(string room) => _byRoom.TryGetValue(room, out var feeds) && feeds.Any(f => f.Options.Presence);

    /// <summary>Adds a feed to its room's (after it was added to <see cref="Joined"/> or <see cref="Channels"/>).</summary>
    public void AddToRoom(RoomFeed feed)
    {
        if (!_byRoom.TryGetValue(feed.Room, out var feeds))
        {
            _byRoom[feed.Room] = feeds = [];
        }

        feeds.Add(feed);
    }

    /// <summary>Removes a feed from its room's; true when it was the room's last feed here.</summary>
    public bool RemoveFromRoom(RoomFeed feed)
    {
        var feeds = _byRoom[feed.Room];
        feeds.Remove(feed);
        if (feeds.Count > 0)
        {
            return false;
        }

        _byRoom.Remove(feed.Room);
        return true;
    }

    /// <summary>
    /// The feeds of <paramref name="room"/> the room has answered, as a copy (delivering may shed the client, which
    /// removes feeds). A feed still joining waits for its own preamble, which covers everything before it.
    /// </summary>
    public List<RoomFeed> Answered(string room) =>
        _byRoom.TryGetValue(room, out var feeds) ? feeds.Where(f => f.Answered).ToList() : [];
}

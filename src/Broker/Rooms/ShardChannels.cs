using ActorRooms.Protocol.PubSub;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// Shard channels (SSUBSCRIBE, SPUBLISH) are a namespace of their own, as in Redis: <c>SPUBLISH x</c> never reaches
/// <c>SUBSCRIBE x</c> and patterns never match them. Each shard channel is a room like any other (its own actor, and
/// in cluster mode its own owner) whose name is the channel's prefixed with <see cref="Marker"/>. Room names hold one
/// char per byte (Latin-1, 0–255), so the marker, U+0100, cannot occur in any channel name a client can send: the two
/// namespaces never meet, and the rest of the broker needs no second kind of room key.
/// </summary>
public static class ShardChannels
{
    /// <summary>The first char of every shard channel's room name; outside Latin-1, so never in a client's channel name.</summary>
    public const char Marker = '\u0100';

    /// <summary>The room of shard channel <paramref name="channel"/>.</summary>
    public static string RoomOf(string channel) => string.Concat(Marker.ToString(), channel);

    /// <summary>True when <paramref name="room"/> is a shard channel's room.</summary>
    public static bool IsShard(string room) => room.Length > 0 && room[0] == Marker;

    /// <summary>The shard channel of a shard room (the name without the marker).</summary>
    public static string ChannelOf(string room) => room[1..];

    /// <summary>The name a client sees: the shard channel for a shard room, else the room name itself.</summary>
    public static string ClientName(string room) => IsShard(room) ? ChannelOf(room) : room;

    /// <summary>True when pattern subscribers of <paramref name="pattern"/> receive <paramref name="room"/>'s messages: never for a shard channel.</summary>
    public static bool PatternReaches(string pattern, string room) => !IsShard(room) && GlobPattern.IsMatch(pattern, room);
}

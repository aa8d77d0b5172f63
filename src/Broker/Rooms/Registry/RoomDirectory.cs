using ActorRooms.Protocol.PubSub;
using Akka.Actor;

namespace ActorRooms.Broker.Rooms.Registry;

/// <summary>
/// The registry's list of this node's room actors, by name and by actor, with each room's channel member count
/// (PUBSUB CHANNELS and NUMSUB) and the number of rooms that have channel members. Plain state; the registry actor
/// starts and watches the rooms.
/// </summary>
public sealed class RoomDirectory
{
    private readonly Dictionary<string, RegisteredRoom> _rooms = [];
    private readonly Dictionary<IActorRef, string> _namesByActor = [];

    /// <summary>How many plain channels have at least one member.</summary>
    public int ActiveChannels { get; private set; }

    /// <summary>How many shard channels have at least one member (INFO <c>pubsubshard_channels</c>).</summary>
    public int ActiveShardChannels { get; private set; }

    /// <summary>The room named <paramref name="room"/>, if it has an actor.</summary>
    public bool TryGet(string room, out RegisteredRoom entry) => _rooms.TryGetValue(room, out entry!);

    /// <summary>Records a room actor just started.</summary>
    public RegisteredRoom Add(string room, IActorRef actor)
    {
        var entry = new RegisteredRoom(actor);
        _rooms.Add(room, entry);
        _namesByActor.Add(actor, room);
        return entry;
    }

    /// <summary>Forgets a room actor that stopped; false when <paramref name="actor"/> is not a room.</summary>
    public bool Remove(IActorRef actor, out string room, out RegisteredRoom entry)
    {
        if (!_namesByActor.Remove(actor, out room!))
        {
            entry = null!;
            return false;
        }

        _rooms.Remove(room, out entry!);
        if (entry.ChannelMembers > 0)
        {
            CountActive(room, -1);
        }

        return true;
    }

    /// <summary>A room's channel member count changed; false when the room is not known.</summary>
    public bool SetChannelMembers(string room, int channelMembers)
    {
        if (!_rooms.TryGetValue(room, out var entry))
        {
            return false;
        }

        CountActive(room, (channelMembers > 0 ? 1 : 0) - (entry.ChannelMembers > 0 ? 1 : 0));
        entry.ChannelMembers = channelMembers;
        return true;
    }

    private void CountActive(string room, int change)
    {
        if (ShardChannels.IsShard(room))
        {
            ActiveShardChannels += change;
        }
        else
        {
            ActiveChannels += change;
        }
    }

    /// <summary>The channel member count of <paramref name="room"/> (0 when it has no actor).</summary>
    public int ChannelMembers(string room) => _rooms.TryGetValue(room, out var entry) ? entry.ChannelMembers : 0;

    /// <summary>The rooms not stopping.</summary>
    public IEnumerable<RegisteredRoom> Active() => _rooms.Values.Where(e => !e.Stopping);

    /// <summary>The rooms not stopping whose name matches <paramref name="pattern"/>.</summary>
    public IEnumerable<RegisteredRoom> ActiveMatching(string pattern) =>
        _rooms.Where(r => !r.Value.Stopping && ShardChannels.PatternReaches(pattern, r.Key)).Select(r => r.Value);

    /// <summary>
    /// The channels with members, optionally only those matching <paramref name="pattern"/>: plain channels (PUBSUB
    /// CHANNELS) or, with <paramref name="shard"/>, shard channels by their client names (PUBSUB SHARDCHANNELS).
    /// </summary>
    public List<string> WithChannelMembers(string? pattern, bool shard = false) =>
        _rooms.Where(r => r.Value.ChannelMembers > 0 && ShardChannels.IsShard(r.Key) == shard)
            .Select(r => ShardChannels.ClientName(r.Key))
            .Where(c => pattern is null || GlobPattern.IsMatch(pattern, c))
            .ToList();

    /// <summary>Every room's name (shard channels are not rooms ROOM.* can name), optionally only those matching <paramref name="pattern"/>, sorted (ROOM.LIST).</summary>
    public List<string> Names(string? pattern) =>
        _rooms.Keys.Where(r => !ShardChannels.IsShard(r) && (pattern is null || GlobPattern.IsMatch(pattern, r))).Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// The registry's view of one room actor: its channel member count, and whether it is stopping (between
/// <see cref="RoomIdle"/> and its stop or revival), during which messages for it are held, in order.
/// </summary>
public sealed class RegisteredRoom(IActorRef actor)
{
    // Made when the room first stops with messages arriving: most rooms never hold any.
    private List<(object Message, IActorRef Sender)>? _held;

    /// <summary>The room's actor.</summary>
    public IActorRef Actor { get; } = actor;

    /// <summary>Its channel members, as it last said.</summary>
    public int ChannelMembers { get; set; }

    /// <summary>True between the room's offer to stop and its stop or revival.</summary>
    public bool Stopping { get; set; }

    /// <summary>True when messages wait for the room to revive or to be started again.</summary>
    public bool HasHeld => _held is { Count: > 0 };

    /// <summary>Sends <paramref name="message"/> to the room from <paramref name="sender"/>, or holds it while the room is stopping.</summary>
    public void Route(object message, IActorRef sender)
    {
        if (Stopping)
        {
            (_held ??= []).Add((message, sender));
        }
        else
        {
            Actor.Tell(message, sender);
        }
    }

    /// <summary>Hands the room what was held for it (or, for a room started again, what its predecessor held), in order.</summary>
    public void Release(RegisteredRoom? heldBy = null)
    {
        var source = heldBy ?? this;
        var messages = source._held ?? [];
        source._held = null;
        foreach (var (message, sender) in messages)
        {
            Actor.Tell(message, sender);
        }
    }
}

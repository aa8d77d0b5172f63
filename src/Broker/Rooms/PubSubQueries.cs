namespace ActorRooms.Broker.Rooms;

/// <summary>
/// PUBSUB CHANNELS [pattern]: the rooms with at least one channel member, optionally filtered by a glob; with
/// <paramref name="Shard"/>, PUBSUB SHARDCHANNELS: the shard channels instead.
/// </summary>
public sealed record ListChannels(long RequestId, string? Pattern, bool Shard = false);

/// <summary>The answer to <see cref="ListChannels"/>, as Latin-1 room names.</summary>
public sealed record ChannelsListed(long RequestId, IReadOnlyList<string> Channels);

/// <summary>
/// PUBSUB NUMSUB channel...: channel members per room (pattern members are not counted, as in Redis); with
/// <paramref name="Shard"/>, PUBSUB SHARDNUMSUB: members per shard channel.
/// </summary>
public sealed record CountSubscribers(long RequestId, IReadOnlyList<string> Channels, bool Shard = false);

/// <summary>The answer to <see cref="CountSubscribers"/>, in request order.</summary>
public sealed record SubscribersCounted(long RequestId, IReadOnlyList<int> Counts);

/// <summary>PUBSUB NUMPAT: the number of distinct patterns with at least one subscriber.</summary>
public sealed record CountPatterns(long RequestId);

/// <summary>The answer to <see cref="CountPatterns"/>.</summary>
public sealed record PatternsCounted(long RequestId, int Count);

using Akka.Cluster.Sharding;
using Akka.Util;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// Routes each <see cref="BatchToOrder"/> and <see cref="FollowRoom"/> to the owner of their room. The shard is a stable hash of the room name
/// (MurmurHash, the same on every node and every run; .NET's string hash is randomized per process and must not be used).
/// </summary>
public sealed class RoomOwnerMessageExtractor(int shards) : IMessageExtractor
{
    public string? EntityId(object message) => message switch
    {
        BatchToOrder batch => batch.Room,
        FollowRoom follow => follow.Room,
        LastValuesAsked asked => asked.Room,
        _ => null,
    };

    public object? EntityMessage(object message) => message;

    public string ShardId(object message) => ShardId(EntityId(message) ?? string.Empty, message);

    public string ShardId(string entityId, object? messageHint = null) =>
        ((uint)MurmurHash.StringHash(entityId) % (uint)shards).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

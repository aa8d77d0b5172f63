namespace ActorRooms.EndToEnd.Tests.RedisCli;

/// <summary>Tests that run redis-cli processes: one at a time and alone, so process start-up is not stretched by other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisCliCollection
{
    public const string Name = "redis-cli processes";
}

using System.Reflection;

namespace ActorRooms.Broker.Network.Replies;

/// <summary>How the broker names itself to clients.</summary>
public static class ServerIdentity
{
    /// <summary>
    /// The Redis version whose pub/sub behaviour we match. Clients read it (HELLO, INFO redis_version) to decide which
    /// features to use; StackExchange.Redis, for one, needs 6.0 or newer before it speaks RESP3.
    /// </summary>
    public const string RedisCompatibleVersion = "7.2.0";

    /// <summary>The name HELLO reports as <c>server</c>.</summary>
    public const string ServerName = "actorrooms";

    /// <summary>This build's version.</summary>
    public static string Version { get; } =
        typeof(ServerIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}

using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Security;

/// <summary>
/// The "chatter" user of <see cref="SecuredBroker"/> (publish and subscribe on <c>chat.*</c>, nothing else), and a
/// redis-server with the same user as an ACL, so a client's AUTH scenario runs against both and shows it expects
/// what Redis really does.
/// </summary>
public static class ChatterUser
{
    public const string Name = "chatter";

    /// <summary>A channel the user may publish and subscribe to, unique to the caller.</summary>
    public static string AllowedChannel() => $"chat.{Guid.NewGuid():N}";

    /// <summary>A channel outside the user's permissions.</summary>
    public static string DeniedChannel() => $"prices.{Guid.NewGuid():N}";

    public static string Password => SecuredBroker.Users.Single(u => u.Name == Name).Password;

    /// <summary>
    /// A redis-server whose ACL has the same user, and the same password and channels for its default user (so a
    /// client that is refused cannot fall back to an open default user, as none exists in the broker either).
    /// </summary>
    public static Task<RedisServerProcess> StartRedisServerAsync() =>
        RedisServerProcess.StartAsync(ExternalTools.RedisServer, [.. AclUser(Name), .. AclUser("default")]);

    // A user of SecuredBroker as a redis-server "user" directive. Redis has one channel list for publish and subscribe;
    // the two users here have the same globs for both.
    private static string[] AclUser(string name)
    {
        var user = SecuredBroker.Users.Single(u => u.Name == name);
        return ["--user", name, "on", ">" + user.Password, "resetchannels", .. user.Subscribe.Select(glob => "&" + glob), "+@all"];
    }
}

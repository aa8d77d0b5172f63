using System.Text;

namespace ActorRooms.Broker.Security;

/// <summary>
/// One user from <c>actor-rooms.broker.security.users</c>: its name, the SHA-256 of its password (none for the open
/// <c>default</c> user of a broker without users), whether it may log in, and the room globs it may publish to and
/// subscribe to.
/// </summary>
public sealed record BrokerUser
{
    /// <summary>The name AUTH with one argument logs in as, as in Redis.</summary>
    public const string DefaultName = "default";

    public required string Name { get; init; }

    /// <summary>SHA-256 of the password; null means no password is needed (the open default user only).</summary>
    public required byte[]? PasswordSha256 { get; init; }

    public required bool Enabled { get; init; }

    /// <summary>Globs (Redis's rules) of the rooms this user may PUBLISH to.</summary>
    public required IReadOnlyList<string> Publish { get; init; }

    /// <summary>Globs of the rooms this user may SUBSCRIBE to; a PSUBSCRIBE pattern must equal one of them (or one is <c>*</c>).</summary>
    public required IReadOnlyList<string> Subscribe { get; init; }

    /// <summary>
    /// May run the server-wide commands (Redis's <c>@admin</c> category: CLIENT LIST/KILL, ACL LIST/USERS/LOAD,
    /// MONITOR). Off by default: a pub/sub user keeps only what concerns its own connection.
    /// </summary>
    public bool Admin { get; init; }

    /// <summary>The user every connection is when no users are configured: no password, every room, both ways, every command.</summary>
    public static BrokerUser OpenDefault { get; } = new()
    {
        Name = DefaultName,
        PasswordSha256 = null,
        Enabled = true,
        Publish = ["*"],
        Subscribe = ["*"],
        Admin = true,
    };

    /// <summary>True when <paramref name="password"/> is this user's (always, for a user without a password).</summary>
    public bool PasswordMatches(ReadOnlySpan<byte> password) =>
        PasswordSha256 is null || PasswordHash.Matches(password, PasswordSha256);

    /// <summary>
    /// The ACL LIST line: Redis's shape, with our split by direction and no secret at all (not even the hash):
    /// <c>user alice on &amp;publish:prices.* &amp;subscribe:prices.*</c>; <c>nopass</c> for the open default user.
    /// </summary>
    public string ToAclRule()
    {
        var rule = new StringBuilder("user ").Append(Name).Append(Enabled ? " on" : " off");
        if (PasswordSha256 is null)
        {
            rule.Append(" nopass");
        }

        rule.Append(" resetchannels");
        foreach (var glob in Publish)
        {
            rule.Append(" &publish:").Append(glob);
        }

        foreach (var glob in Subscribe)
        {
            rule.Append(" &subscribe:").Append(glob);
        }

        // Redis's way of saying the user may run the @admin commands; the others are implied for everyone.
        if (Admin)
        {
            rule.Append(" +@admin");
        }

        return rule.ToString();
    }
}

namespace ActorRooms.Broker.Security;

/// <summary>
/// The users a broker knows, immutable: a new set replaces the old one on reload. Without users the broker is
/// open: every connection is the <c>default</c> user with every room, as a Redis without a password.
/// </summary>
public sealed class UserDirectory
{
    // Hashed when the named user does not exist, so a wrong name costs the same time as a wrong password.
    private static readonly byte[] NoSuchUserDigest = new byte[PasswordHash.DigestLength];

    private readonly Dictionary<string, BrokerUser> _byName;
    private readonly BrokerUser[] _sorted;

    /// <summary>A directory of <paramref name="users"/>; none means open.</summary>
    public UserDirectory(IEnumerable<BrokerUser> users)
    {
        _byName = users.ToDictionary(u => u.Name, StringComparer.Ordinal);
        _sorted = [.. _byName.Values.OrderBy(u => u.Name, StringComparer.Ordinal)];
    }

    /// <summary>No users configured: nobody authenticates, everyone may use every room.</summary>
    public static UserDirectory Open { get; } = new([]);

    /// <summary>True when no users are configured.</summary>
    public bool IsOpen => _byName.Count == 0;

    /// <summary>The configured users by name (ordinal), or the open default user alone.</summary>
    public IReadOnlyList<BrokerUser> Users => IsOpen ? [BrokerUser.OpenDefault] : _sorted;

    /// <summary>The user called <paramref name="name"/> (enabled or not), or null.</summary>
    public BrokerUser? Find(string name) =>
        IsOpen ? (name == BrokerUser.DefaultName ? BrokerUser.OpenDefault : null) : _byName.GetValueOrDefault(name);

    /// <summary>
    /// The user when <paramref name="name"/> exists, is enabled and <paramref name="password"/> is its password;
    /// otherwise null (Redis gives one answer for all three: WRONGPASS).
    /// </summary>
    public BrokerUser? Authenticate(string name, ReadOnlySpan<byte> password)
    {
        var user = Find(name);
        if (user is null)
        {
            PasswordHash.Matches(password, NoSuchUserDigest);
            return null;
        }

        return user.PasswordMatches(password) && user.Enabled ? user : null;
    }
}

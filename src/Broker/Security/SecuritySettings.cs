using System.Net;
using ActorRooms.Broker.Hosting;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace ActorRooms.Broker.Security;

/// <summary>
/// The <c>actor-rooms.broker.security</c> section: users, protected mode and the brute-force brake. Read at start
/// (failing with the key's name) and, for the users, again on ACL LOAD / SIGHUP.
/// </summary>
public sealed record SecuritySettings
{
    /// <summary>The HOCON section this record is read from.</summary>
    public const string Section = BrokerSettings.Section + ".security";

    public required UserDirectory Users { get; init; }

    /// <summary>Refuse to listen on a non-loopback address while no users are configured.</summary>
    public required bool ProtectedMode { get; init; }

    public required AuthFailureBackoff AuthFailures { get; init; }

    /// <summary>Reads and validates the section (protected mode is enforced when the broker starts: <see cref="ProtectedModeProblem"/>).</summary>
    /// <exception cref="ConfigurationException">A key is missing or wrong.</exception>
    public static SecuritySettings Create(Config root)
    {
        var c = new SectionReader(root, Section);
        var firstDelay = c.Duration("auth-failure-delay", allowZero: true);
        var maxDelay = c.Duration("auth-failure-max-delay", allowZero: true);
        if (maxDelay < firstDelay)
        {
            throw c.Invalid("auth-failure-max-delay", $"{maxDelay} is less than auth-failure-delay ({firstDelay})");
        }

        return new SecuritySettings
        {
            Users = ReadUsers(root),
            ProtectedMode = c.Bool("protected-mode"),
            AuthFailures = new AuthFailureBackoff(firstDelay, maxDelay, c.Int("max-auth-failures", 1, 1_000_000)),
        };
    }

    /// <summary>
    /// Why protected mode refuses to serve <paramref name="users"/> on <paramref name="bind"/>, or null when it does not:
    /// an open broker (no users) on an address other than loopback would let anyone who reaches it use every room.
    /// </summary>
    public static string? ProtectedModeProblem(IPAddress bind, UserDirectory users, bool protectedMode) =>
        protectedMode && users.IsOpen && !IPAddress.IsLoopback(bind)
            ? $"Protected mode: refusing to listen on {bind} with no users configured, because anyone who can reach that address "
              + $"could publish and subscribe to every room. Configure users under {Section}.users (see docs/security.md), "
              + $"or bind to 127.0.0.1, or, on a network you trust, start with --no-protected-mode ({Section}.protected-mode = off)."
            : null;

    /// <summary>Reads <c>security.users</c>: a list of objects, each checked and named by its position when wrong.</summary>
    /// <exception cref="ConfigurationException">A user entry is wrong; the message names the key.</exception>
    public static UserDirectory ReadUsers(Config root)
    {
        var path = Section + ".users";
        if (!root.HasPath(path))
        {
            throw new ConfigurationException($"Configuration key '{path}' is missing.");
        }

        IList<HoconValue> items;
        try
        {
            // The parser does not call an empty list an array, but reads it as one; a scalar or an object would
            // read as an empty list too, and silently open the broker, so they are refused first.
            var value = root.GetValue(path);
            if (value.IsString() || value.IsObject())
            {
                throw new FormatException("not a list");
            }

            items = value.GetArray();
        }
        catch (Exception e) when (e is not ConfigurationException)
        {
            throw new ConfigurationException($"Configuration key '{path}' is invalid: it must be a list of users ([ {{ name = ..., password-sha256 = ... }} ]).");
        }

        var users = new List<BrokerUser>();
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (!items[i].IsObject())
            {
                throw new ConfigurationException($"Configuration key '{itemPath}' is invalid: each user is an object {{ name = ..., password-sha256 = ... }}.");
            }

            var user = ReadUser(SectionReader.Of(new Config(new HoconRoot(items[i])), itemPath));
            if (users.Any(u => u.Name == user.Name))
            {
                throw new ConfigurationException($"Configuration key '{itemPath}.name' is invalid: user '{user.Name}' is listed twice.");
            }

            users.Add(user);
        }

        return new UserDirectory(users);
    }

    /// <summary>A user name AUTH can carry and ACL LIST can show: printable ASCII, no spaces, not empty.</summary>
    public static bool IsUserName(string name) => name.Length > 0 && name.All(ch => ch is > ' ' and <= '~');

    private static BrokerUser ReadUser(SectionReader c)
    {
        var name = c.String("name");
        if (!IsUserName(name))
        {
            throw c.Invalid("name", $"'{name}' must be printable ASCII without spaces");
        }

        var hex = c.String("password-sha256");
        if (!PasswordHash.TryParseHex(hex, out var digest))
        {
            throw c.Invalid("password-sha256", "it must be the 64 hex digits of the password's SHA-256 (print them with: actor-rooms broker hash-password); plain passwords are never stored");
        }

        return new BrokerUser
        {
            Name = name,
            PasswordSha256 = digest,
            Enabled = c.BoolOr("enabled", true),
            Publish = Globs(c, "publish"),
            Subscribe = Globs(c, "subscribe"),
            Admin = c.BoolOr("admin", false),
        };
    }

    private static string[] Globs(SectionReader c, string key)
    {
        var globs = c.StringListOr(key, []);
        foreach (var glob in globs)
        {
            // ACL LIST shows globs space-separated, and a glob of nothing would match no room anyway.
            if (glob.Length == 0 || glob.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch)))
            {
                throw c.Invalid(key, $"'{glob}' must be a non-empty glob without spaces or control characters");
            }
        }

        return [.. globs.Distinct(StringComparer.Ordinal)];
    }
}

using System.Text;

namespace ActorRooms.Broker.Commands;

/// <summary>
/// Every command the broker answers, with Redis's arities. Lookup is case-insensitive on the raw bytes.
/// Commands that are not here get Redis's "unknown command" error and nothing else happens.
/// </summary>
public static class CommandTable
{
    private static readonly string[] PubSubFlags = ["pubsub", "noscript", "loading", "stale"];
    private static readonly string[] FastFlags = ["fast", "loading", "stale"];

    private static readonly Dictionary<string, CommandSpec> ByName = Build();

    /// <summary>Top-level commands by upper-case name.</summary>
    public static IReadOnlyDictionary<string, CommandSpec> Commands => ByName;

    /// <summary>Finds a command by its name bytes, ignoring case.</summary>
    public static bool TryFind(ReadOnlySpan<byte> name, out CommandSpec spec)
    {
        spec = null!;
        if (name.Length > 16)
        {
            return false;
        }

        Span<char> upper = stackalloc char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            upper[i] = char.ToUpperInvariant((char)name[i]);
        }

        return ByName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(upper, out spec!);
    }

    /// <summary>Finds a subcommand of <paramref name="container"/> by its name bytes, ignoring case.</summary>
    public static bool TryFindSubcommand(CommandSpec container, ReadOnlySpan<byte> name, out CommandSpec spec) =>
        container.Subcommands.TryGetValue(Encoding.Latin1.GetString(name).ToUpperInvariant(), out spec!);

    private static Dictionary<string, CommandSpec> Build()
    {
        CommandSpec Sub(string parent, string name, int arity, bool whileSubscribed = false) =>
            new($"{parent}|{name}", arity, whileSubscribed, FastFlags);

        var commands = new CommandSpec[]
        {
            new("subscribe", -2, true, PubSubFlags),
            new("unsubscribe", -1, true, PubSubFlags),
            new("psubscribe", -2, true, PubSubFlags),
            new("punsubscribe", -1, true, PubSubFlags),
            new("publish", 3, false, ["pubsub", "loading", "stale", "fast"]),
            new("pubsub", -2, false, []) { Subcommands = Index(
                Sub("pubsub", "channels", -2), Sub("pubsub", "numsub", -2), Sub("pubsub", "numpat", 2), Sub("pubsub", "help", 2)) },
            // PING is allowed before AUTH (Redis refuses it with NOAUTH) so health checks need no password.
            new("ping", -1, true, ["fast", "loading", "stale", "no_auth"]),
            new("echo", 2, false, FastFlags),
            new("quit", -1, true, ["allow_busy", "loading", "stale", "noscript", "no_auth"]),
            new("reset", 1, true, ["noscript", "loading", "stale", "fast", "no_auth"]),
            new("auth", -2, false, ["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"]),
            new("acl", -2, false, []) { Subcommands = Index(
                Sub("acl", "whoami", 2), Sub("acl", "users", 2), Sub("acl", "list", 2), Sub("acl", "load", 2), Sub("acl", "help", 2)) },
            new("hello", -1, false, ["noscript", "loading", "stale", "fast", "no_auth"]),
            new("client", -2, false, []) { Subcommands = Index(
                Sub("client", "setname", 3), Sub("client", "getname", 2), Sub("client", "id", 2), Sub("client", "info", 2),
                Sub("client", "list", -2), Sub("client", "kill", -3), Sub("client", "reply", 3), Sub("client", "setinfo", 4),
                Sub("client", "help", 2)) },
            new("command", -1, false, ["loading", "stale"]) { Subcommands = Index(
                Sub("command", "count", 2), Sub("command", "docs", -2), Sub("command", "info", -2), Sub("command", "list", -2),
                Sub("command", "help", 2)) },
            new("info", -1, false, ["loading", "stale"]),

            // Room features (docs/protocol.md "Room features"). ROOM.JOIN and ROOM.LEAVE subscribe, so RESP2 allows them
            // in subscribed mode like SUBSCRIBE; the others are ordinary commands.
            new("room.publish", -3, false, ["pubsub", "loading", "stale", "fast"]),
            new("room.join", -2, true, PubSubFlags),
            new("room.leave", 2, true, PubSubFlags),
            new("room.last", -2, false, ["readonly", "loading", "stale"]),
            new("room.members", 2, false, ["readonly", "loading", "stale"]),
            new("room.info", 2, false, ["readonly", "loading", "stale"]),
            new("room.list", -1, false, ["readonly", "loading", "stale"]),
        };
        return Index(commands);
    }

    private static Dictionary<string, CommandSpec> Index(params CommandSpec[] specs) =>
        specs.ToDictionary(s => s.Name[(s.Name.IndexOf('|') + 1)..].ToUpperInvariant(), StringComparer.Ordinal);
}

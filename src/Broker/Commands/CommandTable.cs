using System.Text;

namespace ActorRooms.Broker.Commands;

/// <summary>
/// Every command the broker answers, described once: Redis's name and arity, COMMAND INFO's flags, the room
/// permission it needs and its handler. Lookup is case-insensitive on the raw bytes. Commands that are not here get
/// Redis's "unknown command" error and nothing else happens.
/// </summary>
public static class CommandTable
{
    private static readonly string[] PubSubFlags = ["pubsub", "noscript", "loading", "stale"];
    private static readonly string[] FastFlags = ["fast", "loading", "stale"];

    // Redis's flags of its @admin subcommands (client|list, client|kill, acl|list, acl|users, acl|load): administrators only.
    private static readonly string[] AdminFlags = ["admin", "noscript", "loading", "stale"];

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
        static CommandSpec Sub(string parent, string name, int arity, Action<CommandContext> handler) =>
            new($"{parent}|{name}", arity, false, FastFlags) { Handler = handler };
        static CommandSpec AdminSub(string parent, string name, int arity, Action<CommandContext> handler) =>
            new($"{parent}|{name}", arity, false, AdminFlags) { Handler = handler };

        var commands = new CommandSpec[]
        {
            new("subscribe", -2, true, PubSubFlags) { WaitsForEarlierQueries = true, Access = RoomAccess.SubscribeChannels, Handler = PubSubCommands.Subscribe },
            new("unsubscribe", -1, true, PubSubFlags) { WaitsForEarlierQueries = true, Handler = PubSubCommands.Unsubscribe },
            new("psubscribe", -2, true, PubSubFlags) { WaitsForEarlierQueries = true, Access = RoomAccess.SubscribePatterns, Handler = PubSubCommands.PatternSubscribe },
            new("punsubscribe", -1, true, PubSubFlags) { WaitsForEarlierQueries = true, Handler = PubSubCommands.PatternUnsubscribe },
            new("publish", 3, false, ["pubsub", "loading", "stale", "fast"]) { Access = RoomAccess.Publish, Handler = PubSubCommands.Publish },
            new("pubsub", -2, false, []) { Subcommands = Index(
                Sub("pubsub", "channels", -2, PubSubCommands.Channels), Sub("pubsub", "numsub", -2, PubSubCommands.NumSub),
                Sub("pubsub", "numpat", 2, PubSubCommands.NumPat), Sub("pubsub", "help", 2, PubSubCommands.Help)) },
            // PING is allowed before AUTH (Redis refuses it with NOAUTH) so health checks need no password.
            new("ping", -1, true, ["fast", "loading", "stale", "no_auth"]) { Handler = ConnectionCommands.Ping },
            new("echo", 2, false, FastFlags) { Handler = ConnectionCommands.Echo },
            new("select", 2, false, FastFlags) { Handler = ConnectionCommands.Select },
            new("quit", -1, true, ["allow_busy", "loading", "stale", "noscript", "no_auth"]) { Handler = ConnectionCommands.Quit },
            new("reset", 1, true, ["noscript", "loading", "stale", "fast", "no_auth"]) { WaitsForEarlierQueries = true, Handler = ConnectionCommands.Reset },
            new("auth", -2, false, ["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"]) { WaitsForEarlierQueries = true, Handler = SecurityCommands.Auth },
            new("acl", -2, false, []) { Subcommands = Index(
                Sub("acl", "whoami", 2, SecurityCommands.WhoAmI), AdminSub("acl", "users", 2, SecurityCommands.Users),
                AdminSub("acl", "list", 2, SecurityCommands.List), AdminSub("acl", "load", 2, SecurityCommands.Load),
                Sub("acl", "help", 2, SecurityCommands.Help)) },
            new("hello", -1, false, ["noscript", "loading", "stale", "fast", "no_auth"]) { WaitsForEarlierQueries = true, Handler = ConnectionCommands.Hello },
            new("client", -2, false, []) { Subcommands = Index(
                Sub("client", "setname", 3, ClientCommands.SetName) with { WaitsForEarlierQueries = true }, Sub("client", "getname", 2, ClientCommands.GetName),
                Sub("client", "id", 2, ClientCommands.Id), Sub("client", "info", 2, ClientCommands.Info),
                AdminSub("client", "list", -2, ClientCommands.List), AdminSub("client", "kill", -3, ClientCommands.Kill),
                Sub("client", "reply", 3, ClientCommands.Reply), Sub("client", "setinfo", 4, ClientCommands.SetInfo),
                Sub("client", "help", 2, ClientCommands.Help)) },
            new("command", -1, false, ["loading", "stale"]) { Handler = ServerCommands.All, Subcommands = Index(
                Sub("command", "count", 2, ServerCommands.Count), Sub("command", "docs", -2, ServerCommands.Docs),
                Sub("command", "info", -2, ServerCommands.CommandInfo), Sub("command", "list", -2, ServerCommands.List),
                Sub("command", "help", 2, ServerCommands.Help)) },
            new("info", -1, false, ["loading", "stale"]) { Handler = ServerCommands.Info },
            // Administrators only (the "admin" flag): MONITOR shows every command of every user.
            new("monitor", 1, false, ["admin", "noscript", "loading", "stale"]) { Handler = ServerCommands.Monitor },

            // Room features (docs/protocol.md "Room features"). ROOM.JOIN and ROOM.LEAVE subscribe, so RESP2 allows them
            // in subscribed mode like SUBSCRIBE; the others are ordinary commands.
            new("room.publish", -3, false, ["pubsub", "loading", "stale", "fast"]) { Access = RoomAccess.Publish, Handler = RoomCommands.Publish },
            new("room.join", -2, true, PubSubFlags) { WaitsForEarlierQueries = true, Access = RoomAccess.ReadRoom, Handler = RoomCommands.Join },
            new("room.leave", 2, true, PubSubFlags) { WaitsForEarlierQueries = true, Handler = RoomCommands.Leave },
            new("room.last", -2, false, ["readonly", "loading", "stale"]) { Access = RoomAccess.ReadRoom, Handler = RoomCommands.Last },
            new("room.members", 2, false, ["readonly", "loading", "stale"]) { Access = RoomAccess.ReadRoom, Handler = RoomCommands.Members },
            new("room.info", 2, false, ["readonly", "loading", "stale"]) { Access = RoomAccess.ReadRoom, Handler = RoomCommands.Info },
            new("room.list", -1, false, ["readonly", "loading", "stale"]) { Handler = RoomCommands.List },
        };
        return Index(commands);
    }

    private static Dictionary<string, CommandSpec> Index(params CommandSpec[] specs) =>
        specs.ToDictionary(s => s.Name[(s.Name.IndexOf('|') + 1)..].ToUpperInvariant(), StringComparer.Ordinal);
}

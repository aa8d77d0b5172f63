using ActorRooms.Broker.Hosting;
using Akka.Configuration;

namespace ActorRooms.Clients.Hosting;

/// <summary>
/// The reader's typed settings, read once from <c>actor-rooms.clients.reader</c> (defaults in <c>hocon/clients.conf</c>,
/// overridden by the command line). <see cref="Create"/> fails with the key's full name when a value is wrong.
/// </summary>
public sealed record ReaderSettings
{
    /// <summary>The HOCON section this record is read from.</summary>
    public const string Section = "actor-rooms.clients.reader";

    public required string ClientName { get; init; }

    /// <summary>The room to join when <see cref="Pattern"/> is null.</summary>
    public required string Room { get; init; }

    /// <summary>A glob pattern to join with PSUBSCRIBE, or null.</summary>
    public required string? Pattern { get; init; }

    public required ReaderView View { get; init; }

    /// <summary>Messages after which the reader exits; 0 = unlimited.</summary>
    public required long Count { get; init; }

    /// <summary>Join with ROOM.JOIN ... SNAPSHOT: every symbol's last price at once.</summary>
    public required bool Snapshot { get; init; }

    /// <summary>
    /// <c>auto</c> (conflate in the table view, plain SUBSCRIBE in the raw view unless <see cref="Snapshot"/>),
    /// <c>subscribe</c> (always plain SUBSCRIBE), or a ROOM.JOIN policy: <c>disconnect</c>, <c>drop-oldest</c>, <c>conflate</c>.
    /// </summary>
    public required string Policy { get; init; }

    public required TimeSpan RefreshInterval { get; init; }
    public required TimeSpan RateWindow { get; init; }
    public required int MaxSymbols { get; init; }
    public required int RecentOtherMessages { get; init; }

    /// <summary>
    /// The ROOM.JOIN options after the room when the reader joins a room feed, or null when it subscribes plainly
    /// (a pattern, <c>policy = subscribe</c>, or the raw view without room options).
    /// </summary>
    public IReadOnlyList<string>? RoomJoinOptions
    {
        get
        {
            var policy = Policy == "auto" ? (View == ReaderView.Table ? "conflate" : null) : Policy;
            if (Pattern is not null || policy == "subscribe" || (policy is null && !Snapshot))
            {
                return null;
            }

            List<string> options = Snapshot ? ["SNAPSHOT"] : [];
            if (policy is not null)
            {
                options.AddRange(["POLICY", policy]);
            }

            return options;
        }
    }

    /// <summary>What the reader joins, for status lines: <c>room 'prices'</c> or <c>pattern 'prices.*'</c>.</summary>
    public string Target => Pattern is null ? $"room '{Room}'" : $"pattern '{Pattern}'";

    /// <summary>Reads and validates the <c>actor-rooms.clients.reader</c> section of <paramref name="root"/>.</summary>
    /// <exception cref="ConfigurationException">A key is missing or out of range; the message names it.</exception>
    public static ReaderSettings Create(Config root)
    {
        var c = new SectionReader(root, Section);
        var room = c.String("room");
        if (NameRules.RoomProblem(room) is { } roomProblem)
        {
            throw c.Invalid("room", roomProblem);
        }

        var pattern = c.String("pattern", allowEmpty: true);
        if (pattern.Length > 0 && NameRules.RoomProblem(pattern, "pattern") is { } patternProblem)
        {
            throw c.Invalid("pattern", patternProblem);
        }

        var policy = c.String("policy");
        if (policy is not ("auto" or "subscribe" or "disconnect" or "drop-oldest" or "conflate"))
        {
            throw c.Invalid("policy", $"'{policy}' is not one of: auto, subscribe, disconnect, drop-oldest, conflate");
        }

        var snapshot = c.Bool("snapshot");
        if (snapshot && (pattern.Length > 0 || policy == "subscribe"))
        {
            throw c.Invalid("snapshot", "a snapshot needs a room feed (ROOM.JOIN): not with a pattern or policy = subscribe");
        }

        return new ReaderSettings
        {
            Snapshot = snapshot,
            Policy = policy,
            ClientName = c.String("client-name", allowEmpty: true),
            Room = room,
            Pattern = pattern.Length > 0 ? pattern : null,
            View = c.String("view") switch
            {
                "table" => ReaderView.Table,
                "raw" => ReaderView.Raw,
                var other => throw c.Invalid("view", $"'{other}' is not one of: table, raw"),
            },
            Count = c.Long("count", 0, long.MaxValue),
            RefreshInterval = c.Duration("refresh-interval", TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10)),
            RateWindow = c.Duration("rate-window", TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(1)),
            MaxSymbols = c.Int("max-symbols", 1, 100_000),
            RecentOtherMessages = c.Int("recent-other-messages", 0, 100),
        };
    }
}

using ActorRooms.Broker.Hosting;
using System.Globalization;
using Akka.Configuration;

namespace ActorRooms.Clients.Hosting;

/// <summary>
/// The pump's typed settings, read once from <c>actor-rooms.clients.pump</c> (defaults in <c>hocon/clients.conf</c>,
/// overridden by the command line). <see cref="Create"/> fails with the key's full name when a value is wrong.
/// </summary>
public sealed record PumpSettings
{
    /// <summary>The HOCON section this record is read from.</summary>
    public const string Section = "actor-rooms.clients.pump";

    /// <summary>Highest accepted rate, in messages per second.</summary>
    public const double MaxRate = 10_000_000;

    public required string ClientName { get; init; }
    public required string Room { get; init; }
    public required IReadOnlyList<string> Symbols { get; init; }
    public required bool PerSymbolRooms { get; init; }
    public required double Rate { get; init; }

    /// <summary>Messages to send before stopping; 0 = unlimited.</summary>
    public required long Count { get; init; }

    /// <summary>The random walk's seed; null = a new one every run.</summary>
    public required int? Seed { get; init; }

    public required TimeSpan TickInterval { get; init; }
    public required int MaxInFlight { get; init; }
    public required double Volatility { get; init; }
    public required IReadOnlyDictionary<string, double> StartPrices { get; init; }
    public required double DefaultStartPrice { get; init; }
    public required TimeSpan StatusInterval { get; init; }

    /// <summary>The room a symbol's prices go to.</summary>
    public string RoomFor(string symbol) => PerSymbolRooms ? $"{Room}.{symbol}" : Room;

    /// <summary>Where <paramref name="symbol"/>'s walk starts.</summary>
    public double StartPriceFor(string symbol) => StartPrices.TryGetValue(symbol, out var price) ? price : DefaultStartPrice;

    /// <summary>Reads and validates the <c>actor-rooms.clients.pump</c> section of <paramref name="root"/>.</summary>
    /// <exception cref="ConfigurationException">A key is missing or out of range; the message names it.</exception>
    public static PumpSettings Create(Config root)
    {
        var c = new SectionReader(root, Section);
        var room = c.String("room");
        if (NameRules.RoomProblem(room) is { } roomProblem)
        {
            throw c.Invalid("room", roomProblem);
        }

        var symbols = c.StringList("symbols");
        foreach (var symbol in symbols)
        {
            if (NameRules.SymbolProblem(symbol) is { } problem)
            {
                throw c.Invalid("symbols", problem);
            }
        }

        if (symbols.Distinct(StringComparer.Ordinal).Count() != symbols.Count)
        {
            throw c.Invalid("symbols", "a symbol is listed twice");
        }

        var seedText = c.String("seed");
        int? seed = null;
        if (seedText != "random")
        {
            seed = int.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw c.Invalid("seed", $"'{seedText}' is neither an integer nor \"random\"");
        }

        return new PumpSettings
        {
            ClientName = c.String("client-name", allowEmpty: true),
            Room = room,
            Symbols = symbols,
            PerSymbolRooms = c.Bool("per-symbol-rooms"),
            Rate = c.Double("rate", 0.001, MaxRate),
            Count = c.Long("count", 0, long.MaxValue),
            Seed = seed,
            TickInterval = c.Duration("tick-interval", TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10)),
            MaxInFlight = c.Int("max-in-flight", 1, 10_000_000),
            Volatility = c.Double("volatility", 0, 0.5),
            StartPrices = c.DoubleMap("start-prices", 1e-9, 1e12),
            DefaultStartPrice = c.Double("default-start-price", 1e-9, 1e12),
            StatusInterval = c.Duration("status-interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)),
        };
    }
}

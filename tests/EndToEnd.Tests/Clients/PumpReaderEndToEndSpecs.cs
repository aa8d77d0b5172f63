using System.Globalization;
using System.Text;
using ActorRooms.Clients.Hosting;
using ActorRooms.Clients.Prices;
using ActorRooms.Clients.Terminal;
using ActorRooms.Clients.Tests.Support;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using Akka.Configuration;

namespace ActorRooms.EndToEnd.Tests.Clients;

/// <summary>
/// pump → server → reader over real sockets, with the same actor systems the program runs. The same scenarios run
/// against our broker and against redis-server: the clients are Redis clients and must work with both.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class PumpReaderEndToEndSpecs
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("actorrooms")]
    [InlineData("redis-server")]
    public async Task Should_deliver_every_price_in_order_when_the_pump_publishes_to_the_readers_room(string server)
    {
        await using var host = await TestServer.StartAsync(server);
        var config = Config(host.Port);
        var output = new CollectingOutput();

        await using var reader = await StartReaderAsync(config, output, count: 500);
        await using var pump = await StartPumpAsync(config, count: 500, rate: 20_000);

        Assert.Equal(ExitCodes.Ok, await reader.Completion.WaitAsync(Bound));
        Assert.Equal(ExitCodes.Ok, await pump.Completion.WaitAsync(Bound));
        var prices = Parse(output);
        Assert.Equal(500, prices.Count);
        Assert.All(output.Messages, m => Assert.Equal("prices", m.Channel));
        // One pump, one room: the reader sees the pump's order exactly, so seq runs 1, 2, 3, ...
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), prices.Select(p => p.Seq));
        AssertOrderedPerSymbol(prices);
        Assert.Equal(PumpSettings.Create(config).Symbols.Order(), prices.Select(p => p.Symbol).Distinct().Order());
        Assert.All(prices, p => Assert.True(p.Price > 0));
    }

    [Theory]
    [InlineData("actorrooms")]
    [InlineData("redis-server")]
    public async Task Should_deliver_every_symbol_room_when_the_reader_joins_a_pattern(string server)
    {
        await using var host = await TestServer.StartAsync(server);
        var config = Config(host.Port, new()
        {
            [$"{PumpSettings.Section}.room"] = "px",
            [$"{PumpSettings.Section}.per-symbol-rooms"] = true,
            [$"{ReaderSettings.Section}.pattern"] = "px.*",
        });
        var output = new CollectingOutput();

        await using var reader = await StartReaderAsync(config, output, count: 300);
        await using var pump = await StartPumpAsync(config, count: 300, rate: 20_000);

        Assert.Equal(ExitCodes.Ok, await reader.Completion.WaitAsync(Bound));
        var prices = Parse(output);
        Assert.Equal(300, prices.Count);
        Assert.All(output.Messages.Zip(prices), pair => Assert.Equal("px." + pair.Second.Symbol, pair.First.Channel));
        AssertOrderedPerSymbol(prices);
    }

    [Fact]
    public async Task Should_rejoin_and_receive_again_when_the_broker_restarts()
    {
        var first = await TestServer.StartBrokerAsync();
        var port = first.Port;
        var config = Config(port, new() { [$"{ConnectionSettings.Section}.backoff-max"] = "200ms" });
        var output = new CollectingOutput();
        await using var reader = await StartReaderAsync(config, output, count: 100);

        await first.DisposeAsync();
        await Until(() => output.Statuses.Any(s => s.State.Contains("retry", StringComparison.Ordinal)), "the reader notices the broker is gone");
        await using var second = await TestServer.StartBrokerAsync(port);
        await Until(() => output.Joins >= 2, "the reader joins the room again on the new broker");
        await using var pump = await StartPumpAsync(config, count: 100, rate: 5_000);

        Assert.Equal(ExitCodes.Ok, await reader.Completion.WaitAsync(Bound));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), Parse(output).Select(p => p.Seq));
    }

    private static Config Config(int port, Dictionary<string, object>? overrides = null)
    {
        overrides ??= [];
        overrides[$"{ConnectionSettings.Section}.port"] = port;
        overrides[$"{PumpSettings.Section}.seed"] = "11";
        return ClientsConfiguration.Load(overrides: overrides);
    }

    private static async Task<ClientNode> StartReaderAsync(Config config, CollectingOutput output, long count)
    {
        var reader = ReaderSettings.Create(config) with { View = ReaderView.Raw, Count = count };
        var node = await ClientNode.StartReaderAsync(config, reader, ConnectionSettings.Create(config), output);
        // Publishing before the reader has joined would lose the first prices, as with any pub/sub.
        await node.Ready.WaitAsync(Bound);
        return node;
    }

    private static Task<ClientNode> StartPumpAsync(Config config, long count, double rate) =>
        ClientNode.StartPumpAsync(
            config,
            PumpSettings.Create(config) with { Count = count, Rate = rate },
            ConnectionSettings.Create(config),
            new ConsoleStatus(TextWriter.Null, interactive: false));

    private static List<PriceMessage> Parse(CollectingOutput output) =>
        [.. output.Messages.Select(m =>
        {
            Assert.True(PriceMessageFormat.TryRead(Encoding.UTF8.GetBytes(m.Payload), out var price), m.Payload);
            return price!;
        })];

    private static void AssertOrderedPerSymbol(List<PriceMessage> prices)
    {
        foreach (var symbol in prices.GroupBy(p => p.Symbol))
        {
            var seqs = symbol.Select(p => p.Seq).ToList();
            Assert.True(seqs.SequenceEqual(seqs.Order()) && seqs.Distinct().Count() == seqs.Count, $"{symbol.Key}: {string.Join(",", seqs.Select(s => s.ToString(CultureInfo.InvariantCulture)))}");
        }
    }

    private static Task Until(Func<bool> condition, string what) => Eventually.HoldsAsync(condition, Bound, what);
}

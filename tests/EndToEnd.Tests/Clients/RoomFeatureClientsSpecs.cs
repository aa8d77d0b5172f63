using System.Text;
using ActorRooms.Clients.Hosting;
using ActorRooms.Clients.Prices;
using ActorRooms.Clients.Terminal;
using ActorRooms.Clients.Tests.Support;
using Akka.Configuration;

namespace ActorRooms.EndToEnd.Tests.Clients;

/// <summary>
/// The clients' use of room features over real sockets: the pump publishes with ROOM.PUBLISH ... KEY on ActorRooms
/// (and PUBLISH on redis-server), and the table reader joins with ROOM.JOIN (falling back to SUBSCRIBE on redis-server).
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class RoomFeatureClientsSpecs
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_show_every_symbols_last_price_at_once_when_the_reader_joins_with_snapshot_after_the_pump()
    {
        // Arrange: the pump publishes 200 prices over its 8 symbols and stops; nobody listens meanwhile.
        await using var host = await TestServer.StartAsync("actorrooms");
        var config = Config(host.Port);
        var symbols = PumpSettings.Create(config).Symbols;
        await using (var pump = await StartPumpAsync(config, count: 200))
        {
            Assert.Equal(ExitCodes.Ok, await pump.Completion.WaitAsync(Bound));
        }

        // Act: a reader joins with SNAPSHOT and takes exactly one message per symbol.
        var output = new CollectingOutput();
        var settings = ReaderSettings.Create(config) with { View = ReaderView.Raw, Snapshot = true, Count = symbols.Count };
        await using var reader = await ClientNode.StartReaderAsync(config, settings, ConnectionSettings.Create(config), output);

        // Assert: the last price of every symbol (pump seqs 193..200), in the order they were published.
        Assert.Equal(ExitCodes.Ok, await reader.Completion.WaitAsync(Bound));
        var prices = Parse(output);
        Assert.Equal(Enumerable.Range(193, 8).Select(i => (long)i), prices.Select(p => p.Seq));
        Assert.Equal(symbols.Order(), prices.Select(p => p.Symbol).Order());
    }

    [Theory]
    [InlineData("actorrooms")]
    [InlineData("redis-server")]
    public async Task Should_deliver_every_price_in_order_when_the_table_reader_joins_with_its_default_conflate_policy(string server)
    {
        await using var host = await TestServer.StartAsync(server);
        var config = Config(host.Port);
        var output = new CollectingOutput();
        var settings = ReaderSettings.Create(config) with { View = ReaderView.Table, Count = 300 };
        Assert.Equal(["POLICY", "conflate"], settings.RoomJoinOptions);

        await using var reader = await ClientNode.StartReaderAsync(config, settings, ConnectionSettings.Create(config), output);
        await reader.Ready.WaitAsync(Bound);
        await using var pump = await StartPumpAsync(config, count: 300);

        Assert.Equal(ExitCodes.Ok, await reader.Completion.WaitAsync(Bound));
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), Parse(output).Select(p => p.Seq));
    }

    [Fact]
    public void Should_subscribe_plainly_in_the_raw_view_unless_room_options_are_given()
    {
        var config = Config(6380);
        var raw = ReaderSettings.Create(config) with { View = ReaderView.Raw };

        Assert.Null(raw.RoomJoinOptions);
        Assert.Equal(["SNAPSHOT"], (raw with { Snapshot = true }).RoomJoinOptions);
        Assert.Equal(["POLICY", "drop-oldest"], (raw with { Policy = "drop-oldest" }).RoomJoinOptions);
        Assert.Null((raw with { View = ReaderView.Table, Policy = "subscribe" }).RoomJoinOptions);
        Assert.Null((raw with { View = ReaderView.Table, Pattern = "prices.*" }).RoomJoinOptions);
    }

    private static Config Config(int port) => ClientsConfiguration.Load(overrides: new Dictionary<string, object>
    {
        [$"{ConnectionSettings.Section}.port"] = port,
        [$"{PumpSettings.Section}.seed"] = "11",
    });

    private static Task<ClientNode> StartPumpAsync(Config config, long count) =>
        ClientNode.StartPumpAsync(
            config,
            PumpSettings.Create(config) with { Count = count, Rate = 20_000 },
            ConnectionSettings.Create(config),
            new ConsoleStatus(TextWriter.Null, interactive: false));

    private static List<PriceMessage> Parse(CollectingOutput output) =>
        [.. output.Messages.Select(m =>
        {
            Assert.True(PriceMessageFormat.TryRead(Encoding.UTF8.GetBytes(m.Payload), out var price), m.Payload);
            return price!;
        })];
}

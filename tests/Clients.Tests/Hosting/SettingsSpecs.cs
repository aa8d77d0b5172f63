using ActorRooms.Clients.Hosting;
using Akka.Configuration;

namespace ActorRooms.Clients.Tests.Hosting;

public sealed class SettingsSpecs
{
    [Fact]
    public void Should_read_the_shipped_defaults_when_nothing_is_overridden()
    {
        var config = ClientsConfiguration.Load();
        var pump = PumpSettings.Create(config);
        var reader = ReaderSettings.Create(config);
        var connection = ConnectionSettings.Create(config);

        Assert.Equal("prices", pump.Room);
        Assert.Contains("AAPL", pump.Symbols);
        Assert.Equal(1000, pump.Rate);
        Assert.Equal(0, pump.Count);
        Assert.Null(pump.Seed);
        Assert.Equal(190, pump.StartPriceFor("AAPL"));
        Assert.Equal(100, pump.StartPriceFor("UNLISTED"));
        Assert.Equal("prices", reader.Room);
        Assert.Null(reader.Pattern);
        Assert.Equal(ReaderView.Table, reader.View);
        Assert.Equal("127.0.0.1", connection.Host);
        Assert.Equal(6380, connection.Port);
        Assert.True(connection.Retry);
        Assert.Equal(TimeSpan.FromSeconds(5), connection.BackoffMax);
    }

    [Fact]
    public void Should_apply_overrides_over_the_defaults_when_given()
    {
        var config = ClientsConfiguration.Load(overrides: new Dictionary<string, object>
        {
            ["actor-rooms.clients.pump.room"] = "fx \"quoted\" ${injected}",
            ["actor-rooms.clients.pump.symbols"] = new[] { "EURUSD", "GBPUSD" },
            ["actor-rooms.clients.pump.rate"] = 250000.5,
            ["actor-rooms.clients.pump.seed"] = "-12",
            ["actor-rooms.clients.pump.per-symbol-rooms"] = true,
            ["actor-rooms.clients.connection.retry"] = false,
        });

        // A room with spaces is refused by the settings; the point here is that the text arrived as it was typed.
        var error = Assert.Throws<ConfigurationException>(() => PumpSettings.Create(config));
        Assert.Contains("'fx \"quoted\" ${injected}' contains spaces", error.Message, StringComparison.Ordinal);

        var pump = PumpSettings.Create(ClientsConfiguration.Load(overrides: new Dictionary<string, object>
        {
            ["actor-rooms.clients.pump.room"] = "fx\"${x}",
            ["actor-rooms.clients.pump.symbols"] = new[] { "EURUSD", "GBPUSD" },
            ["actor-rooms.clients.pump.rate"] = 250000.5,
            ["actor-rooms.clients.pump.seed"] = "-12",
            ["actor-rooms.clients.pump.per-symbol-rooms"] = true,
        }));
        Assert.Equal("fx\"${x}", pump.Room);
        Assert.Equal(["EURUSD", "GBPUSD"], pump.Symbols);
        Assert.Equal(250000.5, pump.Rate);
        Assert.Equal(-12, pump.Seed);
        Assert.Equal("fx\"${x}.EURUSD", pump.RoomFor("EURUSD"));
        Assert.False(ConnectionSettings.Create(config).Retry);
    }

    [Theory]
    [InlineData("pump.rate", "-5", "actor-rooms.clients.pump.rate")]
    [InlineData("pump.rate", "fast", "actor-rooms.clients.pump.rate")]
    [InlineData("pump.room", "\"\"", "actor-rooms.clients.pump.room")]
    [InlineData("pump.symbols", "[]", "actor-rooms.clients.pump.symbols")]
    [InlineData("pump.symbols", "[\"A B\"]", "actor-rooms.clients.pump.symbols")]
    [InlineData("pump.symbols", "[\"A\", \"A\"]", "actor-rooms.clients.pump.symbols")]
    [InlineData("pump.seed", "abc", "actor-rooms.clients.pump.seed")]
    [InlineData("pump.count", "-1", "actor-rooms.clients.pump.count")]
    [InlineData("pump.tick-interval", "0s", "actor-rooms.clients.pump.tick-interval")]
    [InlineData("pump.start-prices.AAPL", "-1", "actor-rooms.clients.pump.start-prices.AAPL")]
    [InlineData("reader.view", "fancy", "actor-rooms.clients.reader.view")]
    [InlineData("reader.pattern", "\"a b\"", "actor-rooms.clients.reader.pattern")]
    [InlineData("connection.port", "0", "actor-rooms.clients.connection.port")]
    [InlineData("connection.host", "\"\"", "actor-rooms.clients.connection.host")]
    [InlineData("connection.backoff-max", "10ms", "actor-rooms.clients.connection.backoff-max")]
    [InlineData("connection.retry", "maybe", "actor-rooms.clients.connection.retry")]
    [InlineData("connection.tls", "{ enabled = on, ca-cert-file = \"/nonexistent/ca.crt\" }", "actor-rooms.clients.connection.tls.ca-cert-file")]
    [InlineData("connection.tls", "{ enabled = on, cert-file = \"/nonexistent/c.crt\", key-file = \"/nonexistent/c.key\" }", "actor-rooms.clients.connection.tls.cert-file")]
    [InlineData("connection.tls", "{ enabled = on, cert-file = \"/nonexistent/c.crt\" }", "actor-rooms.clients.connection.tls.key-file")]
    [InlineData("connection.tls", "{ enabled = on, ca-cert-file = \"/proc/version\" }", "actor-rooms.clients.connection.tls.ca-cert-file")]
    public void Should_name_the_key_when_a_value_is_wrong(string key, string value, string fullKey)
    {
        var config = ConfigurationFactory.ParseString($"actor-rooms.clients.{key} = {value}").WithFallback(ClientsConfiguration.Load());

        var error = Assert.Throws<ConfigurationException>(() =>
        {
            PumpSettings.Create(config);
            ReaderSettings.Create(config);
            ConnectionSettings.Create(config);
        });

        Assert.Contains($"'{fullKey}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_file_when_the_config_file_is_missing()
    {
        var error = Assert.Throws<ConfigurationException>(() => ClientsConfiguration.Load("/nonexistent/clients.conf"));

        Assert.Contains("/nonexistent/clients.conf", error.Message, StringComparison.Ordinal);
    }
}

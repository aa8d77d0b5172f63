using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using Akka.Configuration;

namespace ActorRooms.Broker.Tests.Hosting;

public sealed class BrokerSettingsSpecs : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"settings-{Guid.NewGuid():N}.conf");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Should_read_the_shipped_defaults_when_nothing_is_overridden()
    {
        var settings = BrokerSettings.Create(BrokerConfiguration.Load());

        Assert.Equal("127.0.0.1", settings.Bind.ToString());
        Assert.Equal(6380, settings.Port);
        Assert.Equal(32L * 1024 * 1024, settings.MaxQueuedBytes);
        Assert.Equal(SlowConsumerPolicy.Disconnect, settings.SlowConsumerPolicy);
        Assert.Equal(64 * 1024, settings.Limits.MaxInlineLength);
        Assert.Equal(TimeSpan.Zero, settings.IdleTimeout);
    }

    [Fact]
    public void Should_apply_command_line_overrides_when_given()
    {
        var settings = BrokerSettings.Create(BrokerConfiguration.Load(port: 7000, bind: "0.0.0.0"));

        Assert.Equal(7000, settings.Port);
        Assert.Equal("0.0.0.0", settings.Bind.ToString());
    }

    [Theory]
    [InlineData("actor-rooms.broker.port = 70000", "actor-rooms.broker.port")]
    [InlineData("actor-rooms.broker.bind = \"not-an-ip\"", "actor-rooms.broker.bind")]
    [InlineData("actor-rooms.broker.connection.max-queued-bytes = -5", "actor-rooms.broker.connection.max-queued-bytes")]
    [InlineData("actor-rooms.broker.connection.slow-consumer-policy = drop-everything", "actor-rooms.broker.connection.slow-consumer-policy")]
    [InlineData("actor-rooms.broker.rooms.idle-stop-after = 0s", "actor-rooms.broker.rooms.idle-stop-after")]
    [InlineData("actor-rooms.broker.protocol.max-arguments = lots", "actor-rooms.broker.protocol.max-arguments")]
    public void Should_fail_naming_the_key_when_a_value_is_wrong(string hocon, string key)
    {
        var config = ConfigurationFactory.ParseString(hocon).WithFallback(BrokerConfiguration.Load());

        var error = Assert.Throws<ConfigurationException>(() => BrokerSettings.Create(config));

        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_fail_naming_the_file_when_the_extra_config_does_not_exist()
    {
        var error = Assert.Throws<ConfigurationException>(() => BrokerConfiguration.Load("/no/such/broker.conf"));

        Assert.Contains("/no/such/broker.conf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_take_any_free_cluster_port_when_seeds_are_given_without_one()
    {
        var joining = ClusterSettings.Create(BrokerConfiguration.Load(cluster: new ClusterCommandLine(null, ["127.0.0.1:4053"], null)));
        var first = ClusterSettings.Create(BrokerConfiguration.Load(cluster: new ClusterCommandLine(null, [], "127.0.0.1")));
        var chosen = ClusterSettings.Create(BrokerConfiguration.Load(cluster: new ClusterCommandLine(4060, ["127.0.0.1:4053"], null)));

        Assert.Equal(0, joining.Port);
        Assert.Equal(4053, first.Port);
        Assert.Equal(4060, chosen.Port);
    }

    [Fact]
    public void Should_keep_the_files_cluster_port_when_seeds_are_given_without_one()
    {
        File.WriteAllText(_file, "actor-rooms.cluster.port = 4070");

        var settings = ClusterSettings.Create(BrokerConfiguration.Load(_file, cluster: new ClusterCommandLine(null, ["127.0.0.1:4053"], null)));

        Assert.Equal(4070, settings.Port);
    }
}

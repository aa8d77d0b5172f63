using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using Akka.Configuration;

namespace ActorRooms.Broker.Tests.Cluster;

public sealed class ClusterSettingsSpecs
{
    [Fact]
    public void Should_stay_a_single_node_when_no_cluster_option_is_given()
    {
        var settings = ClusterSettings.Create(BrokerConfiguration.Load());

        Assert.False(settings.Enabled);
    }

    [Fact]
    public void Should_turn_cluster_mode_on_with_the_command_line_options()
    {
        var settings = ClusterSettings.Create(BrokerConfiguration.Load(cluster: new ClusterCommandLine(4100, ["10.0.0.1:4053", "node-b:4053"], "10.0.0.2")));

        Assert.True(settings.Enabled);
        Assert.Equal(4100, settings.Port);
        Assert.Equal("10.0.0.2", settings.Hostname);
        Assert.Equal(["akka.tcp://actor-rooms@10.0.0.1:4053", "akka.tcp://actor-rooms@node-b:4053"], settings.SeedAddresses);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.OwnerAckTimeout);
    }

    [Fact]
    public void Should_start_a_new_cluster_when_only_a_cluster_port_is_given()
    {
        var settings = ClusterSettings.Create(BrokerConfiguration.Load(cluster: new ClusterCommandLine(4053, [], null)));

        Assert.True(settings.Enabled);
        Assert.Empty(settings.SeedNodes);
        Assert.Equal("127.0.0.1", settings.Hostname);
    }

    [Theory]
    [InlineData("seed-nodes = [\"no-port\"]", "actor-rooms.cluster.seed-nodes")]
    [InlineData("port = 70000", "actor-rooms.cluster.port")]
    [InlineData("owner-ack-timeout = 0s", "actor-rooms.cluster.owner-ack-timeout")]
    [InlineData("shards = 0", "actor-rooms.cluster.shards")]
    [InlineData("name = \"rooms prod\"", "actor-rooms.cluster.name")]
    public void Should_name_the_key_when_a_cluster_setting_is_wrong(string setting, string key)
    {
        var config = ConfigurationFactory.ParseString($"actor-rooms.cluster {{ enabled = on\n{setting} }}").WithFallback(BrokerConfiguration.Load());

        var error = Assert.Throws<ConfigurationException>(() => ClusterSettings.Create(config));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:4053", true)]
    [InlineData("broker-1.internal:1", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData(":4053", false)]
    [InlineData("host:0", false)]
    [InlineData("host:65536", false)]
    [InlineData("host:+80", false)]
    public void Should_accept_only_host_colon_port_as_a_seed(string seed, bool valid)
    {
        Assert.Equal(valid, ClusterSettings.IsHostPort(seed));
    }

    [Fact]
    public void Should_put_a_room_in_the_same_shard_on_every_node_and_run()
    {
        var extractor = new RoomOwnerMessageExtractor(100);
        var batch = new BatchToOrder("px.EURUSD", 1, Array.Empty<byte>());

        // A fixed value: a per-process string hash would route the same room to different owners on different nodes.
        Assert.Equal("76", extractor.ShardId(batch));
        Assert.Equal(extractor.ShardId(batch), new RoomOwnerMessageExtractor(100).ShardId("px.EURUSD"));
        Assert.Equal("px.EURUSD", extractor.EntityId(batch));
        Assert.InRange(int.Parse(extractor.ShardId(batch), System.Globalization.CultureInfo.InvariantCulture), 0, 99);
    }
}

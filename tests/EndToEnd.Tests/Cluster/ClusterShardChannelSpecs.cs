using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// Shard channels in cluster mode (docs/protocol.md "SSUBSCRIBE"): the namespace stays apart from channels and
/// patterns across nodes too. (One order across nodes: ClusterFanOutSpecs; confirmed delivery: ConfirmedDeliverySpecs.)
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterShardChannelSpecs(ThreeNodeCluster cluster)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_keep_shard_channels_apart_from_channels_and_patterns_when_they_share_a_name_across_nodes()
    {
        var name = $"cluster.apart.{Guid.NewGuid():N}";
        await using var shardReader = await ClusterMessages.SubscribeAsync(cluster.Endpoint(0), name, shard: true);
        await using var channelReader = await ClusterMessages.SubscribeAsync(cluster.Endpoint(1), name);
        await using var patternReader = await ClusterMessages.SubscribeAsync(cluster.Endpoint(1), "cluster.apart.*", pattern: true);
        await using var publisher = await RespConnection.ConnectAsync(cluster.Endpoint(2));

        // SPUBLISH first, then PUBLISH of the same name: each reader's first delivery must be of its own namespace.
        await publisher.SendCommandAsync("SPUBLISH", name, "to-shard");
        Assert.Equal(":0\r\n", Encoding.ASCII.GetString(await publisher.ReadFrameAsync(Timeout)));
        Assert.Equal(("smessage", "to-shard"), await shardReader.NextDeliveryAsync(Timeout));
        await publisher.SendCommandAsync("PUBLISH", name, "to-channel");
        await publisher.ReadFrameAsync(Timeout);
        await publisher.SendCommandAsync("SPUBLISH", name, "to-shard-again");
        await publisher.ReadFrameAsync(Timeout);

        Assert.Equal(("message", "to-channel"), await channelReader.NextDeliveryAsync(Timeout));
        Assert.Equal(("pmessage", "to-channel"), await patternReader.NextDeliveryAsync(Timeout));
        Assert.Equal(("smessage", "to-shard-again"), await shardReader.NextDeliveryAsync(Timeout));
    }
}

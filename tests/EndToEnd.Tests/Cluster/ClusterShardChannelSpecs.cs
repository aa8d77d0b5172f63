using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// Shard channels in cluster mode (docs/protocol.md "SSUBSCRIBE"): each is a room with one owner that orders it, so
/// SPUBLISH on any node reaches SSUBSCRIBE members on every node in one order, and the namespace stays apart from
/// channels and patterns across nodes too.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterShardChannelSpecs(ThreeNodeCluster cluster)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_show_every_shard_reader_the_same_order_when_publishers_on_two_nodes_spublish_to_one_shard_channel()
    {
        const int perPublisher = 500;
        var channel = $"cluster.shard.{Guid.NewGuid():N}";
        var readers = new List<RespConnection>();
        try
        {
            for (var node = 0; node < 3; node++)
            {
                readers.Add(await ClusterMessages.SubscribeAsync(cluster.Endpoint(node), channel, shard: true));
            }

            await using var publisherA = await RespConnection.ConnectAsync(cluster.Endpoint(0));
            await using var publisherB = await RespConnection.ConnectAsync(cluster.Endpoint(1));

            var reading = readers.Select(r => ReadShardPayloadsAsync(r, 2 * perPublisher)).ToList();
            await Task.WhenAll(SpublishAsync(publisherA, channel, "a", perPublisher), SpublishAsync(publisherB, channel, "b", perPublisher));
            var seen = await Task.WhenAll(reading);

            foreach (var sequence in seen)
            {
                Assert.Equal(Enumerable.Range(0, perPublisher).Select(i => $"a{i:D5}"), sequence.Where(p => p[0] == 'a'));
                Assert.Equal(Enumerable.Range(0, perPublisher).Select(i => $"b{i:D5}"), sequence.Where(p => p[0] == 'b'));
            }

            Assert.Equal(seen[0], seen[1]);
            Assert.Equal(seen[0], seen[2]);
        }
        finally
        {
            foreach (var reader in readers)
            {
                await reader.DisposeAsync();
            }
        }
    }

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

    private static async Task<List<string>> ReadShardPayloadsAsync(RespConnection reader, int count)
    {
        var payloads = new List<string>(count);
        while (payloads.Count < count)
        {
            var (kind, payload) = await reader.NextDeliveryAsync(Timeout);
            Assert.Equal("smessage", kind);
            payloads.Add(payload);
        }

        return payloads;
    }

    private static async Task SpublishAsync(RespConnection publisher, string channel, string tag, int count)
    {
        for (var sent = 0; sent < count; sent += 50)
        {
            await publisher.SendAsync(Enumerable.Range(sent, 50).SelectMany(i => Resp.Command("SPUBLISH", channel, $"{tag}{i:D5}")).ToArray());
            await publisher.ReadFramesAsync(50, Timeout);
        }
    }
}

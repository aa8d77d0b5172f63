using System.Globalization;
using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// Three broker nodes in one process act as one broker: a message published on any node reaches subscribers on
/// every node, and each room has one order that every reader sees.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterFanOutSpecs(ThreeNodeCluster cluster)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_deliver_everything_published_on_node_1_to_subscribers_on_nodes_2_and_3_in_order()
    {
        const int messages = 2_000;
        var room = $"cluster.fanout.{Guid.NewGuid():N}";
        await using var reader2 = await ClusterMessages.SubscribeAsync(cluster.Endpoint(1), room);
        await using var reader3 = await ClusterMessages.SubscribeAsync(cluster.Endpoint(2), room);
        await using var publisher = await RespConnection.ConnectAsync(cluster.Endpoint(0));

        var reading2 = reader2.ReadPayloadsAsync(messages, Timeout);
        var reading3 = reader3.ReadPayloadsAsync(messages, Timeout);
        await publisher.SendAsync(Enumerable.Range(0, messages).SelectMany(i => Resp.Command("PUBLISH", room, Payload(i))).ToArray());
        var replies = Encoding.ASCII.GetString(await publisher.ReadFramesAsync(messages, Timeout));

        var expected = Enumerable.Range(0, messages).Select(Payload).ToList();
        Assert.Equal(expected, await reading2);
        Assert.Equal(expected, await reading3);
        // PUBLISH counts this node's subscribers, as in Redis Cluster: node 1 has none.
        Assert.Equal(string.Concat(Enumerable.Repeat(":0\r\n", messages)), replies);
    }

    // A shard channel (SSUBSCRIBE, SPUBLISH) is ordered by its owner like any room.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_show_every_reader_the_same_order_when_publishers_on_two_nodes_share_a_room(bool shard)
    {
        const int perPublisher = 1_000;
        var room = $"cluster.order.{Guid.NewGuid():N}";
        var readers = new List<RespConnection>();
        try
        {
            for (var node = 0; node < 3; node++)
            {
                readers.Add(await ClusterMessages.SubscribeAsync(cluster.Endpoint(node), room, shard: shard));
            }

            await using var publisherA = await RespConnection.ConnectAsync(cluster.Endpoint(0));
            await using var publisherB = await RespConnection.ConnectAsync(cluster.Endpoint(1));

            var reading = readers.Select(r => r.ReadPayloadsAsync(2 * perPublisher, Timeout)).ToList();
            // Both publishers send in many small writes at once, so their messages interleave at the owner.
            await Task.WhenAll(PublishInChunksAsync(publisherA, room, "a", perPublisher, shard), PublishInChunksAsync(publisherB, room, "b", perPublisher, shard));
            var seen = await Task.WhenAll(reading);

            foreach (var sequence in seen)
            {
                // Nothing lost, each publisher's messages in its own order...
                Assert.Equal(Enumerable.Range(0, perPublisher).Select(i => $"a{i:D5}"), sequence.Where(p => p[0] == 'a'));
                Assert.Equal(Enumerable.Range(0, perPublisher).Select(i => $"b{i:D5}"), sequence.Where(p => p[0] == 'b'));
            }

            // ...and one interleaving of the two, the same for the readers on all three nodes.
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
    public async Task Should_deliver_to_pattern_subscribers_on_other_nodes_once_per_message()
    {
        const int messages = 300;
        var prefix = $"cluster.pattern.{Guid.NewGuid():N}";
        var room = prefix + ".eur";
        await using var patternReader = await ClusterMessages.SubscribeAsync(cluster.Endpoint(2), prefix + ".*", pattern: true);
        // A channel subscriber on the same node as the pattern subscriber: both topics reach that node, and each
        // subscription still gets every message exactly once.
        await using var channelReader = await ClusterMessages.SubscribeAsync(cluster.Endpoint(2), room);
        await using var publisher = await RespConnection.ConnectAsync(cluster.Endpoint(0));

        var patternReading = patternReader.ReadPayloadsAsync(messages, Timeout);
        var channelReading = channelReader.ReadPayloadsAsync(messages, Timeout);
        await publisher.SendAsync(Enumerable.Range(0, messages).SelectMany(i => Resp.Command("PUBLISH", room, Payload(i))).ToArray());
        await publisher.ReadFramesAsync(messages, Timeout);

        var expected = Enumerable.Range(0, messages).Select(Payload).ToList();
        Assert.Equal(expected, await patternReading);
        Assert.Equal(expected, await channelReading);
        await AssertNothingMoreAsync(patternReader);
        await AssertNothingMoreAsync(channelReader);
    }

    [Fact]
    public async Task Should_carry_a_one_megabyte_message_across_nodes()
    {
        var room = $"cluster.large.{Guid.NewGuid():N}";
        var large = new string('x', 1024 * 1024 - 1) + "!";
        await using var reader = await ClusterMessages.SubscribeAsync(cluster.Endpoint(1), room);
        await using var publisher = await RespConnection.ConnectAsync(cluster.Endpoint(2));

        await publisher.SendCommandAsync("PUBLISH", room, large);
        await publisher.ReadFrameAsync(Timeout);

        Assert.Equal(large, (await reader.ReadPayloadsAsync(1, Timeout))[0]);
    }

    [Fact]
    public async Task Should_answer_pubsub_queries_for_this_node_only()
    {
        var room = $"cluster.local.{Guid.NewGuid():N}";
        await using var reader = await ClusterMessages.SubscribeAsync(cluster.Endpoint(1), room);
        await using var patternReader = await ClusterMessages.SubscribeAsync(cluster.Endpoint(1), room + ".*", pattern: true);
        await using var onNode1 = await RespConnection.ConnectAsync(cluster.Endpoint(0));
        await using var onNode2 = await RespConnection.ConnectAsync(cluster.Endpoint(1));

        Assert.Equal($"*2\r\n${room.Length}\r\n{room}\r\n:0\r\n", await QueryAsync(onNode1, "PUBSUB", "NUMSUB", room));
        Assert.Equal($"*2\r\n${room.Length}\r\n{room}\r\n:1\r\n", await QueryAsync(onNode2, "PUBSUB", "NUMSUB", room));
        Assert.DoesNotContain(room, await QueryAsync(onNode1, "PUBSUB", "CHANNELS", "cluster.local.*"), StringComparison.Ordinal);
        Assert.Contains(room, await QueryAsync(onNode2, "PUBSUB", "CHANNELS", "cluster.local.*"), StringComparison.Ordinal);
        Assert.Equal(":1\r\n", await QueryAsync(onNode2, "PUBLISH", room, "counted-here"));
        Assert.Equal(":0\r\n", await QueryAsync(onNode1, "PUBLISH", room, "counted-there"));
    }

    [Fact]
    public async Task Should_report_the_cluster_in_info()
    {
        await using var connection = await RespConnection.ConnectAsync(cluster.Endpoint(0));

        var info = await QueryAsync(connection, "INFO", "cluster");

        Assert.Contains("cluster_enabled:1\r\n", info, StringComparison.Ordinal);
        Assert.Contains("cluster_members_up:3\r\n", info, StringComparison.Ordinal);
        Assert.Contains("cluster_unreachable:0\r\n", info, StringComparison.Ordinal);
        Assert.Contains($"cluster_self:{cluster.Nodes[0].ClusterAddress}\r\n", info, StringComparison.Ordinal);
    }

    private static string Payload(int i) => "m" + i.ToString("D6", CultureInfo.InvariantCulture);

    private static async Task PublishInChunksAsync(RespConnection publisher, string room, string tag, int count, bool shard)
    {
        const int chunk = 50;
        for (var start = 0; start < count; start += chunk)
        {
            await publisher.SendAsync(Enumerable.Range(start, Math.Min(chunk, count - start)).SelectMany(i => Resp.Command(shard ? "SPUBLISH" : "PUBLISH", room, $"{tag}{i:D5}")).ToArray());
            await publisher.ReadFramesAsync(Math.Min(chunk, count - start), Timeout);
        }
    }

    private static async Task<string> QueryAsync(RespConnection connection, params string[] command)
    {
        await connection.SendCommandAsync(command);
        return Encoding.Latin1.GetString(await connection.ReadFrameAsync(Timeout));
    }

    // Nothing else arrives within half a second: a message delivered twice would.
    private static async Task AssertNothingMoreAsync(RespConnection reader)
    {
        var (received, _) = await reader.ReadUntilClosedAsync(TimeSpan.FromMilliseconds(500));
        Assert.True(received.Length == 0, $"Unexpected extra deliveries: {Resp.Show(received)}");
    }
}

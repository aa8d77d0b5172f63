using System.Globalization;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Rooms;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// Room features across nodes, as far as they go today (docs/protocol.md, "In cluster mode"): a ROOM.JOIN member on
/// one node gets every ROOM.PUBLISH of another node, keyed and numbered without gaps by its own node's ledger.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterRoomFeatureSpecs(ThreeNodeCluster cluster)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_deliver_keyed_room_publishes_from_another_node_numbered_without_gaps()
    {
        const int messages = 200;
        var room = $"cluster.feed.{Guid.NewGuid():N}";
        await using var member = await RespConnection.ConnectAsync(cluster.Endpoint(1));
        await member.SendCommandAsync("ROOM.JOIN", room);
        Assert.Equal("roomjoined", RoomPush.Parse(await member.ReadFrameAsync(Timeout)).Kind);
        await using var publisher = await RespConnection.ConnectAsync(cluster.Endpoint(0));

        // Probes until node 1 sees node 2's subscription (gossip); each probe is numbered too.
        RoomPush first;
        var probe = 0;
        while (true)
        {
            await publisher.SendCommandAsync("ROOM.PUBLISH", room, $"probe{probe++}", "KEY", "probe");
            await publisher.ReadFrameAsync(Timeout);
            try
            {
                first = RoomPush.Parse(await member.ReadFrameAsync(TimeSpan.FromMilliseconds(200)));
                break;
            }
            catch (TimeoutException) when (probe < 150)
            {
                // Not visible on node 1 yet.
            }
        }

        await publisher.SendAsync(Enumerable.Range(0, messages)
            .SelectMany(i => Resp.Command("ROOM.PUBLISH", room, i.ToString(CultureInfo.InvariantCulture), "KEY", $"k{i % 5}"))
            .ToArray());
        await publisher.ReadFramesAsync(messages, Timeout);
        var received = new List<RoomPush>();
        while (received.Count < messages)
        {
            var push = RoomPush.Parse(await member.ReadFrameAsync(Timeout));
            if (push.Key != "probe")
            {
                received.Add(push);
            }
        }

        Assert.Equal("roommsg", first.Kind);
        Assert.All(received, m => Assert.Equal(first.Epoch, m.Epoch));
        Assert.Equal(Enumerable.Range(0, messages).Select(i => i.ToString(CultureInfo.InvariantCulture)), received.Select(m => m.Payload));
        Assert.Equal(Enumerable.Range(0, messages).Select(i => $"k{i % 5}"), received.Select(m => m.Key));
        // Consecutive seqs after the probes that reached this node: nothing skipped, nothing twice.
        Assert.Equal(Enumerable.Range(0, messages).Select(i => received[0].Seq + i), received.Select(m => m.Seq));
    }
}

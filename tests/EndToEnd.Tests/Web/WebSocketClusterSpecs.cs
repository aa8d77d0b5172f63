using System.Text;
using ActorRooms.EndToEnd.Tests.Cluster;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Web;

/// <summary>WebSocket and Redis-protocol clients on different nodes of one cluster reach each other, both ways.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WebSocketClusterSpecs(ThreeNodeCluster cluster)
{
    [Fact]
    public async Task Should_reach_each_other_when_a_websocket_and_a_RESP_client_are_on_different_nodes()
    {
        var room = "wsc." + Guid.NewGuid().ToString("N")[..10];
        await using var ws = await WsClient.ConnectAsync(cluster.Nodes[1].HttpEndpoint!);
        await ws.SendAsync(new { op = "join", room, id = 1 });
        await ws.NextAsync("joined");
        await using var resp = await RespConnection.ConnectAsync(cluster.Endpoint(0));
        await resp.SendCommandAsync("SUBSCRIBE", room);
        await resp.ReadFrameAsync();

        // RESP on node 0 → WebSocket on node 1 (both subscriptions were confirmed, so both receive it).
        await using var respPublisher = await RespConnection.ConnectAsync(cluster.Endpoint(0));
        await respPublisher.SendCommandAsync("PUBLISH", room, "from-resp");
        Assert.Equal(":1\r\n", Encoding.Latin1.GetString(await respPublisher.ReadFrameAsync())); // node 0's subscriber; node 1 counts its own
        var roommsg = await ws.NextAsync("roommsg");
        Assert.Equal(("from-resp", 1L), (roommsg.GetProperty("payload").GetString(), roommsg.GetProperty("seq").GetInt64()));

        // WebSocket on node 1 → RESP on node 0.
        await using var publisher = await WsClient.ConnectAsync(cluster.Nodes[1].HttpEndpoint!);
        await publisher.SendAsync(new { op = "publish", room, payload = "from-ws", key = "k" });
        Assert.Equal(1, (await publisher.NextAsync("published")).GetProperty("receivers").GetInt32());
        var frames = Encoding.Latin1.GetString(await resp.ReadFramesAsync(2));
        Assert.Contains("from-resp", frames, StringComparison.Ordinal);
        Assert.EndsWith("$7\r\nfrom-ws\r\n", frames, StringComparison.Ordinal);
        Assert.Equal(2, (await ws.NextAsync("roommsg")).GetProperty("seq").GetInt64());
    }
}

using System.Net;
using ActorRooms.EndToEnd.Tests.Cluster;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Web;

/// <summary><c>/metrics</c> scraped and parsed while messages flow, the health endpoints, and what is not an endpoint.</summary>
public sealed class WebEndpointSpecs(BrokerFixture broker)
{
    private IPEndPoint Http => broker.Node.HttpEndpoint!;

    [Fact]
    public async Task Should_move_the_published_delivered_and_byte_figures_when_messages_flow()
    {
        var room = "metrics." + Guid.NewGuid().ToString("N")[..10];
        await using var reader = await WsClient.ConnectAsync(Http);
        await reader.SendAsync(new { op = "subscribe", room });
        await reader.NextAsync("subscribed");
        var before = await MetricsScrape.TakeAsync(Http);

        await using var publisher = await WsClient.ConnectAsync(Http);
        for (var i = 0; i < 20; i++)
        {
            await publisher.SendAsync(new { op = "publish", room, payload = $"m{i}" });
            await publisher.NextAsync("published");
            await reader.NextAsync("message");
        }

        var after = await MetricsScrape.TakeAsync(Http);
        Assert.True(after["actorrooms_messages_published_total"] >= before["actorrooms_messages_published_total"] + 20, after.Text);
        Assert.True(after["actorrooms_messages_delivered_total"] >= before["actorrooms_messages_delivered_total"] + 20, after.Text);
        Assert.True(after["actorrooms_network_received_bytes_total"] > before["actorrooms_network_received_bytes_total"], after.Text);
        Assert.True(after["actorrooms_network_sent_bytes_total"] > before["actorrooms_network_sent_bytes_total"], after.Text);
        Assert.True(after["actorrooms_connections{transport=\"websocket\"}"] >= 2, after.Text);
        Assert.True(after["actorrooms_rooms"] >= 1, after.Text);
        // No per-room labels: the room's name appears nowhere.
        Assert.DoesNotContain(room, after.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_count_a_bad_websocket_message_as_a_protocol_error()
    {
        var before = await MetricsScrape.TakeAsync(Http);
        await using var ws = await WsClient.ConnectAsync(Http);

        await ws.SendTextAsync("{oops");
        await ws.NextAsync("error");

        var after = await MetricsScrape.TakeAsync(Http);
        Assert.True(after["actorrooms_protocol_errors_total"] > before["actorrooms_protocol_errors_total"], after.Text);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Should_answer_healthy_when_the_broker_runs(string path)
    {
        using var client = new HttpClient();

        var response = await client.GetAsync(new Uri($"http://{Http}{path}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_answer_400_when_ws_is_asked_without_an_upgrade_and_403_from_another_origin()
    {
        using var client = new HttpClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(new Uri($"http://{Http}/ws"))).StatusCode);

        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", "http://evil.example");
        var refused = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://{Http}/ws"), CancellationToken.None));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_serve_the_live_page_at_the_root()
    {
        using var client = new HttpClient();

        var page = await client.GetStringAsync(new Uri($"http://{Http}/"));

        Assert.Contains("<title>ActorRooms", page, StringComparison.Ordinal);
    }
}

/// <summary>Readiness in cluster mode: every node of a formed cluster answers ready.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterHealthSpecs(ThreeNodeCluster cluster)
{
    [Fact]
    public async Task Should_answer_ready_on_every_node_when_the_cluster_is_up()
    {
        using var client = new HttpClient();
        foreach (var node in cluster.Nodes)
        {
            var response = await client.GetAsync(new Uri($"http://{node.HttpEndpoint}/health/ready"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var scrape = await MetricsScrape.TakeAsync(cluster.Nodes[0].HttpEndpoint!);
        Assert.Equal(3, scrape["actorrooms_cluster_members{status=\"up\"}"]);
    }
}

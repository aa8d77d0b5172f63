using System.Text;
using ActorRooms.Broker.Hosting;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Web;

/// <summary>
/// Rooms over WebSocket on one broker: every op and the frame that answers it (with its <c>id</c> echoed), and
/// messages both ways between a WebSocket client and a Redis-protocol client.
/// </summary>
public sealed class WebSocketRoomSpecs(BrokerFixture broker)
{
    private System.Net.IPEndPoint Http => broker.Node.HttpEndpoint!;

    private static string Room() => "ws." + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Should_deliver_a_RESP_publish_when_a_websocket_subscribed()
    {
        var room = Room();
        await using var ws = await WsClient.ConnectAsync(Http);
        await ws.SendAsync(new { op = "subscribe", room, id = 1 });
        var confirmed = await ws.NextAsync("subscribed");
        Assert.Equal(room, confirmed.GetProperty("room").GetString());
        Assert.Equal(1, confirmed.GetProperty("count").GetInt32());
        Assert.Equal(1, confirmed.GetProperty("id").GetInt32());

        await using var resp = await RespConnection.ConnectAsync(broker.Endpoint);
        await resp.SendAsync(Resp.Command(Encoding.UTF8.GetBytes("PUBLISH"), Encoding.UTF8.GetBytes(room), Encoding.UTF8.GetBytes("héllo \"quoted\"")));
        Assert.Equal(":1\r\n", Encoding.Latin1.GetString(await resp.ReadFrameAsync()));

        var message = await ws.NextAsync("message");
        Assert.Equal(room, message.GetProperty("room").GetString());
        Assert.Equal("héllo \"quoted\"", message.GetProperty("payload").GetString());
        Assert.False(message.TryGetProperty("encoding", out _));
        Assert.False(message.TryGetProperty("pattern", out _));
    }

    // The broker's close reaches a WebSocket as a close frame once its queued messages are out, not as an abort
    // once shutdown-grace (30 s here) has run out.
    [Fact]
    public async Task Should_end_a_websocket_subscriber_with_its_messages_and_a_close_frame_when_the_broker_stops()
    {
        var room = Room();
        var node = await BrokerNode.StartAsync(Akka.Configuration.ConfigurationFactory.ParseString("actor-rooms.broker.shutdown-grace = 30s")
            .WithFallback(BrokerConfiguration.Load(port: 0)));
        await using var ws = await WsClient.ConnectAsync(node.HttpEndpoint!);
        await ws.SendAsync(new { op = "subscribe", room, id = 1 });
        await ws.NextAsync("subscribed");
        await using (var resp = await RespConnection.ConnectAsync(node.Endpoint))
        {
            await resp.SendCommandAsync("PUBLISH", room, "last words");
            Assert.Equal(":1\r\n", Encoding.Latin1.GetString(await resp.ReadFrameAsync()));
        }

        var stopping = node.DisposeAsync().AsTask();

        Assert.Equal("last words", (await ws.NextAsync("message")).GetProperty("payload").GetString());
        Assert.True(await ws.ClosedWithinAsync(TimeSpan.FromSeconds(45)), "the WebSocket should have ended, closed or aborted, once the 30 s grace ran out");
        Assert.True(ws.CloseStatus == System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, $"no close frame: {ws.State}, {ws.EndedBy}");
        await stopping;
    }

    [Fact]
    public async Task Should_reach_a_RESP_subscriber_and_count_it_when_a_websocket_publishes()
    {
        var room = Room();
        await using var resp = await RespConnection.ConnectAsync(broker.Endpoint);
        await resp.SendCommandAsync("SUBSCRIBE", room);
        await resp.ReadFrameAsync();
        await using var ws = await WsClient.ConnectAsync(Http);

        await ws.SendAsync(new { op = "publish", room, payload = "héllo wörld", id = "p1" });

        var published = await ws.NextAsync("published");
        Assert.Equal(1, published.GetProperty("receivers").GetInt32());
        Assert.Equal("p1", published.GetProperty("id").GetString());
        var frame = await resp.ReadFrameAsync();
        Assert.EndsWith("\r\n" + Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("héllo wörld")) + "\r\n", Encoding.Latin1.GetString(frame), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_carry_bytes_that_are_not_UTF8_as_base64_both_ways()
    {
        var room = Room();
        byte[] binary = [0xff, 0x00, 0xfe, 0x41];
        await using var ws = await WsClient.ConnectAsync(Http);
        await ws.SendAsync(new { op = "subscribe", room });
        await ws.NextAsync("subscribed");
        await using var resp = await RespConnection.ConnectAsync(broker.Endpoint);
        await resp.SendAsync(Resp.Command(Encoding.ASCII.GetBytes("PUBLISH"), Encoding.ASCII.GetBytes(room), binary));
        await resp.ReadFrameAsync();

        var message = await ws.NextAsync("message");
        Assert.Equal("base64", message.GetProperty("encoding").GetString());
        Assert.Equal(binary, Convert.FromBase64String(message.GetProperty("payload").GetString()!));

        await resp.SendCommandAsync("SUBSCRIBE", room + ".back");
        await resp.ReadFrameAsync();
        await ws.SendAsync(new { op = "publish", room = room + ".back", payload = Convert.ToBase64String(binary), encoding = "base64" });
        Assert.Equal(1, (await ws.NextAsync("published")).GetProperty("receivers").GetInt32());
        var frame = await resp.ReadFrameAsync();
        Assert.Equal([.. "\r\n$4\r\n"u8, .. binary, .. "\r\n"u8], frame[^(binary.Length + 8)..]);
    }

    [Fact]
    public async Task Should_name_the_pattern_when_a_psubscribed_websocket_gets_a_message()
    {
        var room = Room();
        await using var ws = await WsClient.ConnectAsync(Http);
        await ws.SendAsync(new { op = "psubscribe", pattern = room + ".*", id = 7 });
        var confirmed = await ws.NextAsync("psubscribed");
        Assert.Equal(room + ".*", confirmed.GetProperty("pattern").GetString());
        Assert.Equal(7, confirmed.GetProperty("id").GetInt32());

        await ws.SendAsync(new { op = "publish", room = room + ".x", payload = "p" });
        // The publisher's own pattern subscription receives it: the message may come before or after its reply.
        var frames = new[] { await ws.NextAsync(), await ws.NextAsync() };
        var message = Assert.Single(frames, f => f.GetProperty("type").GetString() == "message");
        Assert.Equal(room + ".*", message.GetProperty("pattern").GetString());
        Assert.Equal(room + ".x", message.GetProperty("room").GetString());
        Assert.Equal(1, Assert.Single(frames, f => f.GetProperty("type").GetString() == "published").GetProperty("receivers").GetInt32());

        await ws.SendAsync(new { op = "punsubscribe", pattern = room + ".*" });
        Assert.Equal(0, (await ws.NextAsync("punsubscribed")).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Should_answer_unsubscribe_and_stop_delivering_when_a_websocket_unsubscribes()
    {
        var room = Room();
        await using var ws = await WsClient.ConnectAsync(Http);
        await ws.SendAsync(new { op = "subscribe", room });
        await ws.NextAsync("subscribed");
        await ws.SendAsync(new { op = "unsubscribe", room, id = "u" });
        var confirmed = await ws.NextAsync("unsubscribed");
        Assert.Equal(0, confirmed.GetProperty("count").GetInt32());
        Assert.Equal("u", confirmed.GetProperty("id").GetString());

        await using var resp = await RespConnection.ConnectAsync(broker.Endpoint);
        await resp.SendCommandAsync("PUBLISH", room, "after");
        Assert.Equal(":0\r\n", Encoding.Latin1.GetString(await resp.ReadFrameAsync()));
        await ws.SendAsync(new { op = "ping", id = 2 });
        Assert.Equal(2, (await ws.NextAsync("pong")).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Should_send_joined_snapshot_and_live_roommsg_frames_when_a_websocket_joins_with_snapshot()
    {
        var room = Room();
        await using var resp = await RespConnection.ConnectAsync(broker.Endpoint);
        await resp.SendCommandAsync("ROOM.PUBLISH", room, "{\"symbol\":\"AAPL\",\"price\":1}", "KEY", "AAPL");
        await resp.ReadFrameAsync();
        await resp.SendCommandAsync("ROOM.PUBLISH", room, "{\"symbol\":\"MSFT\",\"price\":2}", "KEY", "MSFT");
        await resp.ReadFrameAsync();
        await using var ws = await WsClient.ConnectAsync(Http);

        await ws.SendAsync(new { op = "join", room, snapshot = true, policy = "conflate", presence = true, id = "j" });

        var joined = await ws.NextAsync("joined");
        Assert.Equal("j", joined.GetProperty("id").GetString());
        Assert.Equal(2, joined.GetProperty("lastSeq").GetInt64());
        Assert.Equal(1, joined.GetProperty("subscriptions").GetInt32());
        var epoch = joined.GetProperty("epoch").GetInt64();
        var first = await ws.NextAsync("roommsg");
        Assert.Equal(("AAPL", 1L, epoch), (first.GetProperty("key").GetString(), first.GetProperty("seq").GetInt64(), first.GetProperty("epoch").GetInt64()));
        Assert.Equal("{\"symbol\":\"AAPL\",\"price\":1}", first.GetProperty("payload").GetString());
        Assert.Equal("MSFT", (await ws.NextAsync("roommsg")).GetProperty("key").GetString());
        var snapshot = await ws.NextAsync("snapshot");
        Assert.Equal(2, snapshot.GetProperty("keys").GetInt32());

        await resp.SendCommandAsync("PUBLISH", room, "unkeyed");
        await resp.ReadFrameAsync();
        var live = await ws.NextAsync("roommsg");
        Assert.Equal(3, live.GetProperty("seq").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, live.GetProperty("key").ValueKind);
        Assert.True(live.GetProperty("time").GetInt64() > 0);

        await using var other = await WsClient.ConnectAsync(Http);
        await other.SendAsync(new { op = "join", room });
        await other.NextAsync("joined");
        var presence = await ws.NextAsync("join");
        Assert.Equal(2, presence.GetProperty("members").GetInt32());

        await ws.SendAsync(new { op = "leave", room, id = "l" });
        var left = await ws.NextAsync("left");
        Assert.Equal(("l", 0), (left.GetProperty("id").GetString(), left.GetProperty("subscriptions").GetInt32()));
    }

    [Fact]
    public async Task Should_replay_the_history_when_a_websocket_joins_with_last()
    {
        var room = Room();
        await using var ws = await WsClient.ConnectAsync(Http);
        await ws.SendAsync(new { op = "publish", room, payload = "one", key = "k" });
        await ws.NextAsync("published");
        await ws.SendAsync(new { op = "publish", room, payload = "two", key = "k" });
        await ws.NextAsync("published");

        await ws.SendAsync(new { op = "join", room, last = 5 });

        var joined = await ws.NextAsync("joined");
        Assert.Equal(2, joined.GetProperty("lastSeq").GetInt64());
        Assert.Equal("one", (await ws.NextAsync("roommsg")).GetProperty("payload").GetString());
        Assert.Equal("two", (await ws.NextAsync("roommsg")).GetProperty("payload").GetString());
    }

    [Fact]
    public async Task Should_list_rooms_and_answer_info_and_last_when_asked_over_websocket()
    {
        var room = Room();
        await using var ws = await WsClient.ConnectAsync(Http);
        await ws.SendAsync(new { op = "join", room });
        await ws.NextAsync("joined");
        await ws.SendAsync(new { op = "publish", room, payload = "v", key = "k" });
        await ws.UntilAsync("published");

        await ws.SendAsync(new { op = "rooms", pattern = room, id = 1 });
        var rooms = await ws.UntilAsync("rooms");
        Assert.Equal([room], rooms.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()));
        await ws.SendAsync(new { op = "info", room, id = 2 });
        var info = await ws.UntilAsync("info");
        Assert.Equal(1, info.GetProperty("info").GetProperty("room-members").GetInt32());
        Assert.Equal(1, info.GetProperty("info").GetProperty("messages-in").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Object, info.GetProperty("info").GetProperty("latency-us").ValueKind);
        await ws.SendAsync(new { op = "last", room, id = 3 });
        var last = await ws.UntilAsync("last");
        Assert.Equal("v", last.GetProperty("last").GetProperty("values")[0][3].GetString());
        await ws.SendAsync(new { op = "info", room = room + ".none" });
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await ws.UntilAsync("info")).GetProperty("info").ValueKind);
    }

    [Fact]
    public async Task Should_count_a_websocket_in_INFO_and_CLIENT_LIST_like_a_TCP_client()
    {
        await using var ws = await WsClient.ConnectAsync(Http);
        await ws.SendAsync(new { op = "subscribe", room = Room() });
        await ws.NextAsync("subscribed");
        await using var resp = await RespConnection.ConnectAsync(broker.Endpoint);

        await resp.SendCommandAsync("CLIENT", "LIST");
        var list = Encoding.Latin1.GetString(await resp.ReadFrameAsync());

        Assert.Contains(list.Split('\n'), line => line.Contains($"laddr={Http}", StringComparison.Ordinal) && line.Contains("sub=1", StringComparison.Ordinal) && line.Contains("resp=3", StringComparison.Ordinal));
    }
}

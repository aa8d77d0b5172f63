using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Rooms;

namespace ActorRooms.EndToEnd.Tests.Web;

/// <summary>
/// What a WebSocket client cannot break: bad JSON and unknown ops get an error frame and change nothing, values the
/// broker checks get the broker's own RESP error text, and a stalled reader under a flood is cut (disconnect) or
/// conflated by its policy while a healthy reader of the same room loses nothing.
/// </summary>
public sealed class WebSocketHardeningSpecs(WebLimitsBroker broker) : IClassFixture<WebLimitsBroker>
{
    private System.Net.IPEndPoint Http => broker.Node.HttpEndpoint!;

    private static string Room() => "hard." + Guid.NewGuid().ToString("N")[..10];

    [Theory]
    [InlineData("{not json", null, "ERR bad JSON")]
    [InlineData("[1]", null, "ERR an op is a JSON object")]
    [InlineData("{\"id\":5}", "5", "ERR missing \"op\"")]
    [InlineData("{\"op\":\"fly\",\"id\":\"x\"}", "\"x\"", "ERR unknown op 'fly'")]
    [InlineData("{\"op\":\"subscribe\",\"id\":6}", "6", "ERR 'subscribe' needs \"room\" (a string)")]
    [InlineData("{\"op\":\"subscribe\",\"room\":42}", null, "ERR \"room\" of 'subscribe' must be a string")]
    [InlineData("{\"op\":\"join\",\"room\":\"r\",\"snapshot\":\"yes\"}", null, "ERR \"snapshot\" of 'join' must be true or false")]
    [InlineData("{\"op\":\"publish\",\"room\":\"r\",\"payload\":\"%%%\",\"encoding\":\"base64\"}", null, "ERR \"payload\" of 'publish' is not valid base64")]
    public async Task Should_answer_an_error_and_change_nothing_when_an_op_is_bad(string text, string? id, string error)
    {
        var room = Room();
        await using var ws = await WsClient.ConnectAsync(Http);
        await ws.SendAsync(new { op = "subscribe", room });
        await ws.NextAsync("subscribed");

        await ws.SendTextAsync(text);

        var frame = await ws.NextAsync("error");
        Assert.StartsWith(error, frame.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, frame.TryGetProperty("id", out var echoed) ? echoed.GetRawText() : null);
        // Nothing else happened: the next frame answers the next op, the subscription still holds and still delivers.
        await ws.SendAsync(new { op = "ping", id = "after" });
        Assert.Equal("after", (await ws.NextAsync("pong")).GetProperty("id").GetString());
        await using var resp = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await resp.SendCommandAsync("PUBSUB", "NUMSUB", room, "r");
        Assert.Equal($"*4\r\n${room.Length}\r\n{room}\r\n:1\r\n$1\r\nr\r\n:0\r\n", Encoding.Latin1.GetString(await resp.ReadFrameAsync()));
        await resp.SendCommandAsync("PUBLISH", room, "still");
        await resp.ReadFrameAsync();
        Assert.Equal("still", (await ws.NextAsync("message")).GetProperty("payload").GetString());
    }

    [Fact]
    public async Task Should_keep_the_order_of_replies_when_an_array_mixes_good_and_bad_ops()
    {
        await using var ws = await WsClient.ConnectAsync(Http);

        await ws.SendTextAsync("""[{"op":"ping","id":1},{"op":"nope","id":2},{"op":"ping","id":3}]""");

        Assert.Equal(1, (await ws.NextAsync("pong")).GetProperty("id").GetInt32());
        Assert.Equal(2, (await ws.NextAsync("error")).GetProperty("id").GetInt32());
        Assert.Equal(3, (await ws.NextAsync("pong")).GetProperty("id").GetInt32());
    }

    [Theory]
    [InlineData("policy", "bogus", "ERR unknown policy 'bogus' (expected disconnect, drop-oldest or conflate)")]
    [InlineData("maxrate", 0, "ERR MAXRATE must be an integer from 1 to 1000000")]
    [InlineData("from", "x", "ERR value is not an integer or out of range")]
    public async Task Should_answer_the_RESP_error_text_when_the_broker_refuses_a_join_option(string option, object value, string error)
    {
        await using var ws = await WsClient.ConnectAsync(Http);

        await ws.SendAsync(new Dictionary<string, object> { ["op"] = "join", ["room"] = Room(), [option] = value, ["id"] = "j" });

        var frame = await ws.NextAsync("error");
        Assert.Equal(error, frame.GetProperty("message").GetString());
        Assert.Equal(("join", "j"), (frame.GetProperty("op").GetString(), frame.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Should_send_exhausted_when_the_history_no_longer_reaches_back()
    {
        var room = Room();
        await using var ws = await WsClient.ConnectAsync(Http);
        foreach (var payload in new[] { "one", "two", "three" })
        {
            await ws.SendAsync(new { op = "publish", room, payload, key = "k" });
            await ws.NextAsync("published");
        }

        await ws.SendAsync(new { op = "join", room, from = 1 });

        await ws.NextAsync("joined");
        var exhausted = await ws.NextAsync("exhausted");
        Assert.Equal((1L, 2L), (exhausted.GetProperty("requested").GetInt64(), exhausted.GetProperty("oldest").GetInt64()));
        Assert.Equal("two", (await ws.NextAsync("roommsg")).GetProperty("payload").GetString());
        Assert.Equal("three", (await ws.NextAsync("roommsg")).GetProperty("payload").GetString());
    }

    [Fact]
    public async Task Should_close_a_stalled_websocket_subscriber_while_a_healthy_one_loses_nothing_when_flooded()
    {
        var room = Room();
        await using var stalled = await WsClient.ConnectAsync(Http, stalled: true);
        await stalled.SendAsync(new { op = "subscribe", room });
        await using var healthy = await WsClient.ConnectAsync(Http);
        await healthy.SendAsync(new { op = "subscribe", room });
        await healthy.NextAsync("subscribed");
        await using var resp = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await Eventually.HoldsAsync(async () => await NumSubAsync(resp, room) == 2, TimeSpan.FromSeconds(10), "both subscribed");
        var before = broker.Node.Counters.SlowConsumerDisconnections;

        // Batches of 50 KB, well under the 256 KiB bound, so a reader that keeps up is never over it; the stalled one
        // fills its socket buffers, then its output bound.
        var publisher = new KeyedPublisher(resp, room, keys: 10, payloadSize: 256);
        for (var i = 0; i < 2000 && broker.Node.Counters.SlowConsumerDisconnections == before; i++)
        {
            await publisher.PublishBatchAsync(200);
        }

        Assert.True(broker.Node.Counters.SlowConsumerDisconnections > before, "the stalled WebSocket was never cut");
        Assert.True(await stalled.ClosedWithinAsync(TimeSpan.FromSeconds(15)), "the stalled WebSocket is still open");
        // Every message reached the healthy reader, in order.
        var expected = publisher.Published;
        for (var n = 1; n <= expected; n++)
        {
            var message = await healthy.NextAsync("message");
            var (key, count) = KeyedPublisher.ParsePayload(message.GetProperty("payload").GetString()!);
            Assert.Equal(KeyedPublisher.Key((n - 1) % 10), key);
            Assert.Equal(((n - 1) / 10) + 1, count);
        }
    }

    [Fact]
    public async Task Should_conflate_a_stalled_websocket_member_and_end_on_the_newest_values_when_flooded()
    {
        var room = Room();
        await using var stalled = await WsClient.ConnectAsync(Http, stalled: true);
        await stalled.SendAsync(new { op = "join", room, policy = "conflate" });
        await using var resp = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await Eventually.HoldsAsync(() => RoomMembersAsync(resp, room), TimeSpan.FromSeconds(10), "the member joined");
        var conflatedBefore = broker.Node.Counters.RoomMessagesConflated;
        var disconnectedBefore = broker.Node.Counters.SlowConsumerDisconnections;

        var publisher = new KeyedPublisher(resp, room, keys: 10, payloadSize: 1024);
        for (var i = 0; i < 60 && broker.Node.Counters.RoomMessagesConflated == conflatedBefore; i++)
        {
            await publisher.PublishBatchAsync(500);
        }

        await publisher.PublishBatchAsync(500);
        Assert.True(broker.Node.Counters.RoomMessagesConflated > conflatedBefore, "nothing was conflated");
        stalled.StartReading();
        Assert.Equal(disconnectedBefore, broker.Node.Counters.SlowConsumerDisconnections);

        var latest = new Dictionary<string, long>();
        var sawConflated = false;
        while (latest.Count < 10 || latest.Any(pair => pair.Value != publisher.Latest[pair.Key]))
        {
            var frame = await stalled.NextAsync(TimeSpan.FromSeconds(20));
            switch (frame.GetProperty("type").GetString())
            {
                case "conflated":
                    sawConflated = true;
                    break;
                case "roommsg":
                    var (key, n) = KeyedPublisher.ParsePayload(frame.GetProperty("payload").GetString()!);
                    Assert.True(n > latest.GetValueOrDefault(key), $"{key}:{n} came after {key}:{latest.GetValueOrDefault(key)}");
                    latest[key] = n;
                    break;
            }
        }

        Assert.True(sawConflated, "no conflated notice");
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, stalled.State);
    }

    private static async Task<long> NumSubAsync(RespConnection resp, string room)
    {
        await resp.SendCommandAsync("PUBSUB", "NUMSUB", room);
        var text = Encoding.Latin1.GetString(await resp.ReadFrameAsync());
        return long.Parse(text[(text.LastIndexOf(':') + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<bool> RoomMembersAsync(RespConnection resp, string room)
    {
        await resp.SendCommandAsync("ROOM.MEMBERS", room);
        return Encoding.Latin1.GetString(await resp.ReadFrameAsync()).Contains("count\r\n:1", StringComparison.Ordinal);
    }
}

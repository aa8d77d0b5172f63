using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Security;

namespace ActorRooms.EndToEnd.Tests.Web;

/// <summary>
/// A WebSocket client on a broker with users: it must auth first, and every refusal carries the text a Redis client
/// gets for the same command (NOAUTH, WRONGPASS, NOPERM).
/// </summary>
public sealed class WebSocketPermissionSpecs(SecuredBroker broker) : IClassFixture<SecuredBroker>
{
    private System.Net.IPEndPoint Http => broker.Node.HttpEndpoint!;

    [Fact]
    public async Task Should_refuse_with_NOAUTH_when_a_websocket_subscribes_before_auth()
    {
        await using var ws = await WsClient.ConnectAsync(Http);
        await using var resp = await RespConnection.ConnectAsync(broker.Endpoint);

        await ws.SendAsync(new { op = "subscribe", room = "prices.x", id = 1 });
        await resp.SendCommandAsync("SUBSCRIBE", "prices.x");

        var error = await ws.NextAsync("error");
        Assert.Equal(RespError(await resp.ReadFrameAsync()), error.GetProperty("message").GetString());
        Assert.Equal(1, error.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Should_refuse_with_WRONGPASS_and_count_it_when_a_websocket_auths_with_a_wrong_password()
    {
        var failures = broker.Node.Counters.AuthFailures;
        await using var ws = await WsClient.ConnectAsync(Http);
        await using var resp = await RespConnection.ConnectAsync(broker.Endpoint);

        await ws.SendAsync(new { op = "auth", user = "reader", password = "wrong" });
        await resp.SendCommandAsync("AUTH", "reader", "wrong");

        Assert.Equal(RespError(await resp.ReadFrameAsync()), (await ws.NextAsync("error")).GetProperty("message").GetString());
        Assert.True(broker.Node.Counters.AuthFailures >= failures + 2);
    }

    [Fact]
    public async Task Should_allow_only_the_users_rooms_with_RESP_texts_when_a_websocket_authenticated()
    {
        await using var ws = await WsClient.ConnectAsync(Http);
        await using var resp = await broker.ConnectAsAsync("reader");

        await ws.SendAsync(new { op = "auth", user = "reader", password = "read-pw", id = "a" });
        var authenticated = await ws.NextAsync("authenticated");
        Assert.Equal(("reader", "a"), (authenticated.GetProperty("user").GetString(), authenticated.GetProperty("id").GetString()));

        await ws.SendAsync(new { op = "subscribe", room = "prices.ok" });
        Assert.Equal(1, (await ws.NextAsync("subscribed")).GetProperty("count").GetInt32());

        foreach (var (op, command) in new[]
        {
            ((object)new { op = "subscribe", room = "chat.no" }, new[] { "SUBSCRIBE", "chat.no" }),
            (new { op = "join", room = "chat.no" }, ["ROOM.JOIN", "chat.no"]),
            (new { op = "publish", room = "prices.ok", payload = "p" }, ["PUBLISH", "prices.ok", "p"]),
            (new { op = "psubscribe", pattern = "chat.*" }, ["PSUBSCRIBE", "chat.*"]),
        })
        {
            await ws.SendAsync(op);
            await resp.SendCommandAsync(command);
            var expected = RespError(await resp.ReadFrameAsync());
            Assert.StartsWith("NOPERM", expected, StringComparison.Ordinal);
            Assert.Equal(expected, (await ws.NextAsync("error")).GetProperty("message").GetString());
        }

        // The refusals changed nothing: a publisher with the right still reaches the WebSocket.
        await using var publisher = await broker.ConnectAsAsync("publisher");
        await publisher.SendCommandAsync("PUBLISH", "prices.ok", "allowed");
        Assert.Equal(":1\r\n", SecuredBroker.Text(await publisher.ReadFrameAsync()));
        Assert.Equal("allowed", (await ws.NextAsync("message")).GetProperty("payload").GetString());
    }

    private static string RespError(byte[] frame)
    {
        var text = SecuredBroker.Text(frame);
        Assert.StartsWith("-", text, StringComparison.Ordinal);
        return text[1..^2];
    }
}

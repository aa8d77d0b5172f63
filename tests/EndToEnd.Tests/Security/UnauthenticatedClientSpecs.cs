using ActorRooms.EndToEnd.Tests.Infrastructure;
using static ActorRooms.EndToEnd.Tests.Security.SecuredBroker;

namespace ActorRooms.EndToEnd.Tests.Security;

/// <summary>
/// What a client may do before it authenticates (Redis's rules, with PING also allowed), the small frames it may
/// send, and the brake on guessing passwords: each WRONGPASS is delayed and the connection runs nothing meanwhile,
/// and after <see cref="SecuredBroker.MaxAuthFailures"/> failures it is closed.
/// </summary>
public sealed class UnauthenticatedClientSpecs(SecuredBroker broker) : IClassFixture<SecuredBroker>
{
    private const string WrongPass = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";

    [Fact]
    public async Task Should_answer_ping_quit_and_reset_and_refuse_the_rest_when_not_authenticated()
    {
        await using var client = await RespConnection.ConnectAsync(broker.Endpoint);

        await client.SendAsync(Resp.Bytes("PING\r\nECHO x\r\nCLIENT SETNAME x\r\nACL WHOAMI\r\nRESET\r\nHELLO 3\r\nQUIT\r\n"));
        var (received, closed) = await client.ReadUntilClosedAsync();

        Assert.Equal(
            "+PONG\r\n-NOAUTH Authentication required.\r\n-NOAUTH Authentication required.\r\n-NOAUTH Authentication required.\r\n+RESET\r\n"
            + "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n"
            + "+OK\r\n",
            Text(received));
        Assert.True(closed);
    }

    [Theory]
    [InlineData(11, 1, "unauthenticated multibulk length")]
    [InlineData(1, 16385, "unauthenticated bulk length")]
    public async Task Should_answer_the_protocol_error_and_close_when_a_stranger_sends_a_bigger_frame_than_redis_allows(int arguments, int bulkLength, string error)
    {
        await using var client = await RespConnection.ConnectAsync(broker.Endpoint);

        await client.SendAsync(Resp.Command([.. Enumerable.Repeat(new byte[bulkLength], arguments)]));
        var (received, closed) = await client.ReadUntilClosedAsync();

        Assert.Equal($"-ERR Protocol error: {error}\r\n", Text(received));
        Assert.True(closed);
    }

    [Theory]
    [InlineData("PING a b c d e f g h i j k\r\n", "unauthenticated multibulk length")]
    [InlineData("PING a b c d e f g h i j k\n", "unauthenticated multibulk length")]
    public async Task Should_answer_the_protocol_error_and_close_when_a_stranger_sends_an_inline_command_bigger_than_redis_allows(string inline, string error)
    {
        await using var client = await RespConnection.ConnectAsync(broker.Endpoint);

        await client.SendAsync(Resp.Bytes(inline));
        var (received, closed) = await client.ReadUntilClosedAsync();

        Assert.Equal($"-ERR Protocol error: {error}\r\n", Text(received));
        Assert.True(closed);
    }

    [Fact]
    public async Task Should_accept_big_frames_when_the_client_has_authenticated_in_the_same_read()
    {
        await using var client = await RespConnection.ConnectAsync(broker.Endpoint);
        var channels = Enumerable.Range(0, 11).Select(i => $"chat.{i}").ToArray();

        await client.SendAsync((byte[])[.. Resp.Command("AUTH", "chatter", "chat-pw"), .. Resp.Command("ECHO", new string('e', 20000)), .. Resp.Command(["SUBSCRIBE", .. channels])]);

        Assert.Equal("+OK\r\n", Text(await client.ReadFrameAsync()));
        Assert.Equal($"$20000\r\n{new string('e', 20000)}\r\n", Text(await client.ReadFrameAsync()));
        Assert.EndsWith("$7\r\nchat.10\r\n:11\r\n", Text(await client.ReadFramesAsync(11)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_hold_later_commands_behind_a_delayed_wrongpass_when_auth_fails()
    {
        await using var client = await RespConnection.ConnectAsync(broker.Endpoint);

        await client.SendAsync((byte[])[.. Resp.Command("AUTH", "admin", "guess"), .. Resp.Command("PING"), .. Resp.Command("AUTH", "admin", "admin-pw"), .. Resp.Command("ACL", "WHOAMI")]);

        Assert.Equal(WrongPass + "+PONG\r\n+OK\r\n$5\r\nadmin\r\n", Text(await client.ReadFramesAsync(4)));
    }

    [Fact]
    public async Task Should_close_the_connection_and_count_it_when_auth_fails_the_maximum_number_of_times()
    {
        var failuresBefore = broker.Node.Counters.AuthFailures;
        var disconnectionsBefore = broker.Node.Counters.AuthFailureDisconnections;
        await using var client = await RespConnection.ConnectAsync(broker.Endpoint);

        // Pipelined guesses: only MaxAuthFailures of them are ever checked; what follows is never run.
        var guesses = Enumerable.Range(0, MaxAuthFailures + 2).SelectMany(i => Resp.Command("AUTH", "admin", $"guess{i}"));
        await client.SendAsync((byte[])[.. guesses, .. Resp.Command("AUTH", "admin", "admin-pw")]);
        var (received, closed) = await client.ReadUntilClosedAsync();

        Assert.Equal(
            string.Concat(Enumerable.Repeat(WrongPass, MaxAuthFailures)) + $"-ERR too many failed authentication attempts ({MaxAuthFailures}); connection closed\r\n",
            Text(received));
        Assert.True(closed);
        Assert.Equal(MaxAuthFailures, broker.Node.Counters.AuthFailures - failuresBefore);
        Assert.Equal(1, broker.Node.Counters.AuthFailureDisconnections - disconnectionsBefore);
    }

    [Fact]
    public async Task Should_keep_the_connection_open_when_auth_fails_fewer_times_than_the_maximum()
    {
        await using var client = await RespConnection.ConnectAsync(broker.Endpoint);

        for (var i = 0; i < MaxAuthFailures - 1; i++)
        {
            await client.SendCommandAsync("AUTH", "reader", "wrong");
            Assert.Equal(WrongPass, Text(await client.ReadFrameAsync()));
        }

        await client.SendCommandAsync("AUTH", "reader", "read-pw");
        Assert.Equal("+OK\r\n", Text(await client.ReadFrameAsync()));
    }

    [Fact]
    public async Task Should_switch_protocol_and_name_the_client_when_hello_authenticates()
    {
        await using var client = await RespConnection.ConnectAsync(broker.Endpoint);

        await client.SendCommandAsync("HELLO", "3", "SETNAME", "pricefeed", "AUTH", "reader", "read-pw");
        var hello = Text(await client.ReadFrameAsync());
        await client.SendCommandAsync("CLIENT", "INFO");
        var info = Text(await client.ReadFrameAsync());

        Assert.StartsWith("%7\r\n", hello, StringComparison.Ordinal);
        Assert.Contains(" name=pricefeed ", info, StringComparison.Ordinal);
        Assert.Contains(" user=reader ", info, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_log_out_when_reset_is_sent_after_authenticating()
    {
        await using var client = await broker.ConnectAsAsync("chatter");

        await client.SendAsync((byte[])[.. Resp.Command("RESET"), .. Resp.Command("PUBLISH", "chat.x", "y")]);

        Assert.Equal("+RESET\r\n-NOAUTH Authentication required.\r\n", Text(await client.ReadFramesAsync(2)));
    }
}

namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>What a subscribed connection may do: RESP2's restrictions, RESP3's freedom, PING's two shapes and RESET.</summary>
[Collection(DifferentialCollection.Name)]
public sealed class SubscribedModeDifferentialSpecs(DifferentialServers servers)
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_reply_pong_or_the_argument_when_pinged_outside_subscribed_mode(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client", protocol);

            await client.SendAsync("PING");
            await client.ReceiveAsync();
            await client.SendAsync("PING", "hello world");
            await client.ReceiveAsync();
            await client.SendAsync("PING", "a", "b");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_reply_in_the_protocols_subscribed_shape_when_pinged_while_subscribed(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client", protocol);
            await client.SendAsync("SUBSCRIBE", "ping.mode");
            await client.ReceiveAsync();

            await client.SendAsync("PING");
            await client.ReceiveAsync();
            await client.SendAsync("PING", "payload");
            await client.ReceiveAsync();
            await client.SendAsync("PING", "");

            await client.ReceiveAsync();
        });

    [Fact]
    public Task Should_refuse_other_commands_with_their_full_name_when_a_resp2_client_is_subscribed() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client");
            await client.SendAsync("PSUBSCRIBE", "refused.*");
            await client.ReceiveAsync();

            await client.SendAsync("PUBLISH", "refused.x", "no");
            await client.ReceiveAsync();
            await client.SendAsync("ECHO", "no");
            await client.ReceiveAsync();
            await client.SendAsync("pubsub", "numsub", "refused.x");
            await client.ReceiveAsync();
            await client.SendAsync("CLIENT", "GETNAME");

            await client.ReceiveAsync();
        });

    [Fact]
    public Task Should_still_reject_unknown_commands_and_bad_arity_first_when_a_resp2_client_is_subscribed() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client");
            await client.SendAsync("SUBSCRIBE", "refused.order");
            await client.ReceiveAsync();

            await client.SendAsync("FOO", "key");
            await client.ReceiveAsync();
            await client.SendAsync("PUBLISH", "only-channel");

            await client.ReceiveAsync();
        });

    [Fact]
    public Task Should_run_any_command_when_a_resp3_client_is_subscribed() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client", 3);
            await client.SendAsync("SUBSCRIBE", "free.mode");
            await client.ReceiveAsync();

            await client.SendAsync("ECHO", "allowed");
            await client.ReceiveAsync();
            await client.SendAsync("PUBLISH", "free.other", "allowed");
            await client.ReceiveAsync();
            await client.SendAsync("PUBSUB", "NUMSUB", "free.mode");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_leave_subscribed_mode_silently_when_reset(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client", protocol);
            var publisher = await run.ConnectAsync("pub");
            await client.SendAsync("SUBSCRIBE", "reset.a", "reset.b");
            await client.ReceiveAsync(2);
            await client.SendAsync("PSUBSCRIBE", "reset.*");
            await client.ReceiveAsync();

            await client.SendAsync("RESET");
            await client.ReceiveAsync();
            await client.SendAsync("PING");
            await client.ReceiveAsync();
            await publisher.SendAsync("PUBLISH", "reset.a", "nobody");
            await publisher.ReceiveAsync();
            await client.SendAsync("ECHO", "back in normal mode");

            await client.ReceiveAsync();
        });
}

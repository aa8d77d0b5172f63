namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>
/// CLIENT REPLY OFF and SKIP against redis-server: subscription confirmations are pushes and always arrive, in RESP2
/// and RESP3; replies to ordinary commands (and errors) stay silent.
/// </summary>
[Collection(DifferentialCollection.Name)]
public sealed class ReplyModeDifferentialSpecs(DifferentialServers servers)
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_send_every_subscription_confirmation_when_replies_are_off(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("sub", protocol);
            await client.SendAsync("CLIENT", "REPLY", "OFF");

            await client.SendAsync("SUBSCRIBE", "off.a", "off.b");
            await client.ReceiveAsync(2);
            await client.SendAsync("PSUBSCRIBE", "off.*");
            await client.ReceiveAsync();
            await client.SendAsync("UNSUBSCRIBE", "off.a");
            await client.ReceiveAsync();
            await client.SendAsync("PUNSUBSCRIBE");
            await client.ReceiveAsync();
            await client.SendAsync("UNSUBSCRIBE");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_stay_silent_for_ordinary_replies_and_errors_when_replies_are_off(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("sub", protocol);
            await client.SendAsync("CLIENT", "REPLY", "OFF");

            await client.SendAsync("PING");
            await client.SendAsync("SUBSCRIBE");
            await client.SendAsync("NOSUCHCOMMAND");
            await client.SendAsync("SUBSCRIBE", "quiet");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_send_the_confirmation_and_then_reply_again_when_a_subscribe_is_skipped(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("sub", protocol);

            await client.SendAsync("CLIENT", "REPLY", "SKIP");
            await client.SendAsync("SUBSCRIBE", "skipped");
            await client.ReceiveAsync();
            await client.SendAsync("PING");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_deliver_messages_and_drop_the_publish_count_when_replies_are_off(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var subscriber = await run.ConnectAsync("sub", protocol);
            var publisher = await run.ConnectAsync("pub", protocol);
            await subscriber.SendAsync("CLIENT", "REPLY", "OFF");
            await subscriber.SendAsync("SUBSCRIBE", "off.msg");
            await subscriber.ReceiveAsync();
            await publisher.SendAsync("CLIENT", "REPLY", "OFF");

            await publisher.SendAsync("PUBLISH", "off.msg", "hello");
            await subscriber.ReceiveAsync();
            await publisher.SendAsync("CLIENT", "REPLY", "ON");

            await publisher.ReceiveAsync();
        });
}

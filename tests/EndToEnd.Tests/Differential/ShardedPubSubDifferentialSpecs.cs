namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>
/// Sharded pub/sub (SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH, PUBSUB SHARDCHANNELS / SHARDNUMSUB) byte for byte as
/// redis-server 7 sends it: its own namespace, its own counts, the RESP2 subscribed-mode rules and the arity errors.
/// </summary>
[Collection(DifferentialCollection.Name)]
public sealed class ShardedPubSubDifferentialSpecs(DifferentialServers servers)
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_confirm_each_shard_channel_with_the_shard_count_when_subscribing_to_several_and_one_twice(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("ssub", protocol);
            await client.SendAsync("SUBSCRIBE", "plain");
            await client.ReceiveAsync();

            await client.SendAsync("SSUBSCRIBE", "shard.a", "shard.b", "shard.a");
            await client.ReceiveAsync(3);
            await client.SendAsync("PSUBSCRIBE", "shard.*");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_deliver_smessage_to_shard_subscribers_only_when_spublish_and_publish_name_one_channel(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var shard = await run.ConnectAsync("shard-sub", protocol);
            var plain = await run.ConnectAsync("plain-sub", protocol);
            var publisher = await run.ConnectAsync("publisher");
            await shard.SendAsync("SSUBSCRIBE", "ns.one");
            await shard.ReceiveAsync();
            await plain.SendAsync("SUBSCRIBE", "ns.one");
            await plain.ReceiveAsync();
            await plain.SendAsync("PSUBSCRIBE", "*");
            await plain.ReceiveAsync();

            await publisher.SendAsync("SPUBLISH", "ns.one", "to-the-shard");
            await publisher.ReceiveAsync();
            await shard.ReceiveAsync();
            await publisher.SendAsync("PUBLISH", "ns.one", "to-the-channel");
            await publisher.ReceiveAsync();
            await plain.ReceiveAsync(2);
            await publisher.SendAsync("SPUBLISH", "ns.nobody", "lost");

            await publisher.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_reply_a_null_channel_then_unsubscribe_the_only_one_when_sunsubscribe_has_no_arguments(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("ssub", protocol);
            await client.SendAsync("SUNSUBSCRIBE");
            await client.ReceiveAsync();
            await client.SendAsync("SUBSCRIBE", "stays");
            await client.ReceiveAsync();
            await client.SendAsync("SSUBSCRIBE", "goes");
            await client.ReceiveAsync();

            await client.SendAsync("SUNSUBSCRIBE");
            await client.ReceiveAsync();
            await client.SendAsync("SUNSUBSCRIBE", "never-a", "never-b");

            await client.ReceiveAsync(2);
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_answer_redis_errors_when_shard_commands_have_the_wrong_arity(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client", protocol);

            await client.SendAsync("SSUBSCRIBE");
            await client.ReceiveAsync();
            await client.SendAsync("SPUBLISH", "only-channel");
            await client.ReceiveAsync();
            await client.SendAsync("SPUBLISH", "a", "b", "c");
            await client.ReceiveAsync();
            await client.SendAsync("PUBSUB", "SHARDCHANNELS", "a", "b");
            await client.ReceiveAsync();
            await client.SendAsync("PUBSUB", "SHARDNUMSUB");
            await client.ReceiveAsync();
            await client.SendAsync("PUBSUB", "HELP");

            await client.ReceiveAsync();
        });

    [Fact]
    public Task Should_stay_in_resp2_subscribed_mode_when_only_shard_channels_are_subscribed() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("ssub");
            await client.SendAsync("SSUBSCRIBE", "mode");
            await client.ReceiveAsync();

            await client.SendAsync("PUBLISH", "x", "y");
            await client.ReceiveAsync();
            await client.SendAsync("SPUBLISH", "x", "y");
            await client.ReceiveAsync();
            await client.SendAsync("PING");
            await client.ReceiveAsync();
            await client.SendAsync("UNSUBSCRIBE");
            await client.ReceiveAsync();
            await client.SendAsync("PUBSUB", "SHARDNUMSUB", "mode");
            await client.ReceiveAsync();
            await client.SendAsync("SUNSUBSCRIBE", "mode");
            await client.ReceiveAsync();
            await client.SendAsync("SPUBLISH", "mode", "now-allowed");

            await client.ReceiveAsync();
        });

    [Fact]
    public Task Should_deliver_the_own_smessage_before_the_reply_when_a_resp3_client_spublishes_to_its_shard_channel() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("self", 3);
            await client.SendAsync("SSUBSCRIBE", "echo.shard");
            await client.ReceiveAsync();

            await client.SendAsync("SPUBLISH", "echo.shard", "mine");

            await client.ReceiveAsync(2);
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_list_and_count_shard_channels_apart_from_channels_when_both_namespaces_have_subscribers(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var shard = await run.ConnectAsync("shard-sub");
            var plain = await run.ConnectAsync("plain-sub");
            var asker = await run.ConnectAsync("asker", protocol);
            await shard.SendAsync("SSUBSCRIBE", "listed.shard");
            await shard.ReceiveAsync();
            await plain.SendAsync("SUBSCRIBE", "listed.plain");
            await plain.ReceiveAsync();

            await asker.SendAsync("PUBSUB", "SHARDCHANNELS");
            await asker.ReceiveAsync();
            await asker.SendAsync("PUBSUB", "SHARDCHANNELS", "listed.*");
            await asker.ReceiveAsync();
            await asker.SendAsync("PUBSUB", "SHARDCHANNELS", "nomatch.*");
            await asker.ReceiveAsync();
            await asker.SendAsync("PUBSUB", "CHANNELS", "listed.*");
            await asker.ReceiveAsync();
            await asker.SendAsync("PUBSUB", "SHARDNUMSUB", "listed.shard", "listed.plain");
            await asker.ReceiveAsync();
            await asker.SendAsync("PUBSUB", "NUMSUB", "listed.shard", "listed.plain");

            await asker.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_send_shard_confirmations_and_messages_when_client_reply_is_off(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("quiet", protocol);
            var publisher = await run.ConnectAsync("publisher");
            await client.SendAsync("CLIENT", "REPLY", "OFF");

            await client.SendAsync("SSUBSCRIBE", "quiet.shard");
            await client.ReceiveAsync();
            await publisher.SendAsync("SPUBLISH", "quiet.shard", "hello");
            await publisher.ReceiveAsync();
            await client.ReceiveAsync();
            await client.SendAsync("SUNSUBSCRIBE", "quiet.shard");
            await client.ReceiveAsync();
            await client.SendAsync("CLIENT", "REPLY", "ON");

            await client.ReceiveAsync();
        });
}

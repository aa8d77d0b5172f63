namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>Subscription confirmations (SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE) byte for byte as redis-server sends them.</summary>
[Collection(DifferentialCollection.Name)]
public sealed class SubscriptionDifferentialSpecs(DifferentialServers servers)
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_confirm_each_channel_with_a_running_count_when_subscribing_to_several(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("sub", protocol);

            await client.SendAsync("SUBSCRIBE", "first", "second");

            await client.ReceiveAsync(2);
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_confirm_again_without_counting_twice_when_subscribing_to_the_same_channel_twice(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("sub", protocol);

            await client.SendAsync("SUBSCRIBE", "twice", "twice");
            await client.ReceiveAsync(2);
            await client.SendAsync("SUBSCRIBE", "twice");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_reply_with_a_null_channel_when_unsubscribing_from_all_with_none_subscribed(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("sub", protocol);

            await client.SendAsync("UNSUBSCRIBE");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_echo_each_channel_when_unsubscribing_from_channels_not_subscribed(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("sub", protocol);

            await client.SendAsync("UNSUBSCRIBE", "never-a", "never-b");
            await client.ReceiveAsync(2);
            await client.SendAsync("SUBSCRIBE", "kept");
            await client.ReceiveAsync();
            await client.SendAsync("UNSUBSCRIBE", "never-c");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_unsubscribe_the_only_channel_when_unsubscribing_from_all(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("sub", protocol);
            await client.SendAsync("SUBSCRIBE", "only");
            await client.ReceiveAsync();

            await client.SendAsync("UNSUBSCRIBE");
            await client.ReceiveAsync();
            await client.SendAsync("PING");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_reply_with_a_null_pattern_when_punsubscribing_from_all_with_none_subscribed(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("sub", protocol);

            await client.SendAsync("PUNSUBSCRIBE");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_count_channels_and_patterns_together_when_mixing_subscriptions(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("sub", protocol);

            await client.SendAsync("SUBSCRIBE", "mix.a");
            await client.ReceiveAsync();
            await client.SendAsync("PSUBSCRIBE", "mix.*", "mix.?", "mix.*");
            await client.ReceiveAsync(3);
            await client.SendAsync("PUNSUBSCRIBE", "mix.?", "never.*");
            await client.ReceiveAsync(2);
            await client.SendAsync("UNSUBSCRIBE", "mix.a");
            await client.ReceiveAsync();
            await client.SendAsync("PUNSUBSCRIBE");

            await client.ReceiveAsync();
        });
    [Fact]
    public Task Should_confirm_and_keep_other_subscriptions_when_a_long_channel_name_needs_escaping() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            // 60 spaces: each is escaped in the room's actor name, which is long enough to be shortened.
            var longName = new string(' ', 60);
            var patternSubscriber = await run.ConnectAsync("psub");
            var subscriber = await run.ConnectAsync("sub");
            var publisher = await run.ConnectAsync("pub");
            await patternSubscriber.SendAsync("PSUBSCRIBE", "kept.*");
            await patternSubscriber.ReceiveAsync();

            await subscriber.SendAsync("SUBSCRIBE", longName);
            await subscriber.ReceiveAsync();
            await publisher.SendAsync("PUBLISH", longName, "long");
            await publisher.ReceiveAsync();
            await subscriber.ReceiveAsync();
            await publisher.SendAsync("PUBLISH", "kept.x", "still there");

            await publisher.ReceiveAsync();
            await patternSubscriber.ReceiveAsync();
        });
}

using ActorRooms.EndToEnd.Tests.Infrastructure;
using StackExchange.Redis;

namespace ActorRooms.EndToEnd.Tests.StackExchangeRedis;

/// <summary>
/// StackExchange.Redis 3.x against the broker, over RESP3 (its default: pub/sub shares the interactive connection)
/// and RESP2 (a separate subscription connection). Its handshake sends commands the broker does not have
/// (CONFIG, CLUSTER, GET of a tie-breaker key, …); it must connect anyway.
/// </summary>
public sealed class StackExchangeRedisSpecs(BrokerFixture broker)
{
    private static readonly TimeSpan Timeout = StackExchangeConnections.Timeout;

    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Should_connect_and_ping_when_the_broker_answers_the_handshake(RedisProtocol protocol)
    {
        await using var connection = await ConnectAsync(protocol);

        var latency = await connection.GetDatabase().PingAsync();

        Assert.True(latency >= TimeSpan.Zero);
        Assert.Equal(protocol, connection.GetServer(broker.Endpoint).Protocol);
    }

    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Should_receive_every_message_in_order_when_subscribed_to_a_channel(RedisProtocol protocol)
    {
        await using var subscriber = await ConnectAsync(protocol);
        await using var publisher = await ConnectAsync(protocol);
        var channel = RedisChannel.Literal(UniqueName("se.channel"));
        var queue = await subscriber.GetSubscriber().SubscribeAsync(channel);

        var receivers = new List<long>();
        for (var i = 0; i < 100; i++)
        {
            receivers.Add(await publisher.GetSubscriber().PublishAsync(channel, $"message {i}"));
        }

        var received = await ReadAsync(queue, 100);
        Assert.All(receivers, count => Assert.Equal(1, count));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"message {i}"), received.Select(m => m.Message.ToString()));
        Assert.All(received, m => Assert.Equal(channel, m.Channel));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Should_receive_messages_with_their_channel_when_subscribed_to_a_pattern(RedisProtocol protocol)
    {
        await using var subscriber = await ConnectAsync(protocol);
        await using var publisher = await ConnectAsync(protocol);
        var prefix = UniqueName("se.pattern");
        var pattern = RedisChannel.Pattern(prefix + ".*");
        var queue = await subscriber.GetSubscriber().SubscribeAsync(pattern);

        var first = await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal(prefix + ".a"), "to a");
        var second = await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal(prefix + ".b.c"), "to b.c");
        var unmatched = await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal(prefix + "-other"), "nobody");

        var received = await ReadAsync(queue, 2);
        Assert.Equal([1L, 1L, 0L], [first, second, unmatched]);
        Assert.Equal([prefix + ".a", prefix + ".b.c"], received.Select(m => m.Channel.ToString()));
        Assert.Equal(["to a", "to b.c"], received.Select(m => m.Message.ToString()));
        Assert.All(received, m => Assert.Equal(pattern, m.SubscriptionChannel));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Should_count_both_deliveries_when_one_client_subscribes_to_the_channel_and_a_matching_pattern(RedisProtocol protocol)
    {
        await using var subscriber = await ConnectAsync(protocol);
        await using var publisher = await ConnectAsync(protocol);
        var name = UniqueName("se.both");
        var channelMessage = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var patternMessage = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await subscriber.GetSubscriber().SubscribeAsync(RedisChannel.Literal(name), (_, message) => channelMessage.TrySetResult(message.ToString()));
        await subscriber.GetSubscriber().SubscribeAsync(RedisChannel.Pattern(name + "*"), (_, message) => patternMessage.TrySetResult(message.ToString()));

        var receivers = await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal(name), "twice");

        Assert.Equal(2, receivers);
        Assert.Equal("twice", await channelMessage.Task.WaitAsync(Timeout));
        Assert.Equal("twice", await patternMessage.Task.WaitAsync(Timeout));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Should_count_no_receiver_when_the_subscriber_has_unsubscribed(RedisProtocol protocol)
    {
        await using var subscriber = await ConnectAsync(protocol);
        await using var publisher = await ConnectAsync(protocol);
        var channel = RedisChannel.Literal(UniqueName("se.unsubscribed"));
        await subscriber.GetSubscriber().SubscribeAsync(channel, (_, _) => { });
        var before = await publisher.GetSubscriber().PublishAsync(channel, "heard");

        await subscriber.GetSubscriber().UnsubscribeAsync(channel);
        var after = await publisher.GetSubscriber().PublishAsync(channel, "unheard");

        Assert.Equal(1, before);
        Assert.Equal(0, after);
    }

    [Fact]
    public async Task Should_deliver_to_both_protocols_when_resp2_and_resp3_clients_share_a_channel()
    {
        await using var resp3 = await ConnectAsync(RedisProtocol.Resp3);
        await using var resp2 = await ConnectAsync(RedisProtocol.Resp2);
        var channel = RedisChannel.Literal(UniqueName("se.mixed"));
        var queue3 = await resp3.GetSubscriber().SubscribeAsync(channel);
        var queue2 = await resp2.GetSubscriber().SubscribeAsync(channel);

        var receivers = await resp2.GetSubscriber().PublishAsync(channel, "to both");

        Assert.Equal(2, receivers);
        Assert.Equal("to both", (await ReadAsync(queue3, 1))[0].Message.ToString());
        Assert.Equal("to both", (await ReadAsync(queue2, 1))[0].Message.ToString());
    }

    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Should_deliver_a_sharded_message_to_the_shard_subscription_only_when_the_channel_is_RedisChannel_Sharded(RedisProtocol protocol)
    {
        await using var subscriber = await ConnectAsync(protocol);
        await using var publisher = await ConnectAsync(protocol);
        var name = UniqueName("se.shard");
        var shardQueue = await subscriber.GetSubscriber().SubscribeAsync(RedisChannel.Sharded(name));
        var plainQueue = await subscriber.GetSubscriber().SubscribeAsync(RedisChannel.Literal(name));

        var shardReceivers = await publisher.GetSubscriber().PublishAsync(RedisChannel.Sharded(name), "sharded");
        var plainReceivers = await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal(name), "plain");

        // Shard channels are a namespace of their own, as in Redis: each publish reaches one of the two subscriptions.
        Assert.Equal([1L, 1L], [shardReceivers, plainReceivers]);
        Assert.Equal("sharded", (await ReadAsync(shardQueue, 1))[0].Message.ToString());
        Assert.Equal("plain", (await ReadAsync(plainQueue, 1))[0].Message.ToString());
    }

    private static string UniqueName(string prefix) => $"{prefix}.{Guid.NewGuid():N}";

    private static Task<List<ChannelMessage>> ReadAsync(ChannelMessageQueue queue, int count) => StackExchangeConnections.ReadAsync(queue, count);

    private Task<ConnectionMultiplexer> ConnectAsync(RedisProtocol protocol) =>
        StackExchangeConnections.ConnectAsync(StackExchangeConnections.Options(broker.Endpoint, protocol));
}

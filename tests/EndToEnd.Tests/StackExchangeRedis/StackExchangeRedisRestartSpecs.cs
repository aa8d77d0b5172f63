using ActorRooms.EndToEnd.Tests.ClientLibraries;
using StackExchange.Redis;

namespace ActorRooms.EndToEnd.Tests.StackExchangeRedis;

/// <summary>
/// A broker restarted on the same port under a StackExchange.Redis multiplexer: it reconnects and restores its
/// subscriptions (a channel and a shard channel) by itself, and a message published afterwards arrives.
/// </summary>
public sealed class StackExchangeRedisRestartSpecs
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(RedisProtocol.Resp3)]
    [InlineData(RedisProtocol.Resp2)]
    public async Task Should_receive_on_its_restored_subscriptions_when_the_broker_restarts_on_the_same_port(RedisProtocol protocol)
    {
        // Arrange
        await using var broker = await RestartableBroker.StartAsync();
        await using var connection = await StackExchangeConnections.ConnectAsync(StackExchangeConnections.Options(broker.Endpoint, protocol));
        var name = $"se.restart.{Guid.NewGuid():N}";
        var channel = RedisChannel.Literal(name);
        var shard = RedisChannel.Sharded(name + ".shard");
        var channelQueue = await connection.GetSubscriber().SubscribeAsync(channel);
        var shardQueue = await connection.GetSubscriber().SubscribeAsync(shard);

        // Act
        await broker.RestartAsync();

        // Assert
        Assert.Equal("after", await PublishUntilReceivedAsync(connection, channel, channelQueue));
        Assert.Equal("after", await PublishUntilReceivedAsync(connection, shard, shardQueue));
    }

    // Publishes every 200 ms (a publish while the multiplexer is still reconnecting fails, and is tried again) until
    // the subscription, restored by the multiplexer, receives one.
    private static async Task<string> PublishUntilReceivedAsync(ConnectionMultiplexer connection, RedisChannel channel, ChannelMessageQueue queue)
    {
        using var bound = new CancellationTokenSource(Bound);
        var received = queue.ReadAsync(bound.Token).AsTask();
        while (!received.IsCompleted)
        {
            try
            {
                await connection.GetSubscriber().PublishAsync(channel, "after");
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
            {
                // Not reconnected yet.
            }

            await Task.WhenAny(received, Task.Delay(200, bound.Token));
        }

        return (await received).Message.ToString();
    }
}

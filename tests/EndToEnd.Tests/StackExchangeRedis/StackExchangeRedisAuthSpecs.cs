using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Security;
using StackExchange.Redis;

namespace ActorRooms.EndToEnd.Tests.StackExchangeRedis;

/// <summary>
/// StackExchange.Redis logging in as a configured user (<c>User</c>/<c>Password</c> of its options), against the
/// broker and against a redis-server with the same ACL user: the same outcome from both.
/// </summary>
public sealed class StackExchangeRedisAuthSpecs(SecuredBroker broker) : IClassFixture<SecuredBroker>
{
    public static readonly TheoryData<string, RedisProtocol> ServersAndProtocols = new()
    {
        { "actorrooms", RedisProtocol.Resp3 },
        { "actorrooms", RedisProtocol.Resp2 },
        { "redis-server", RedisProtocol.Resp3 },
        { "redis-server", RedisProtocol.Resp2 },
    };

    [Theory]
    [MemberData(nameof(ServersAndProtocols))]
    public async Task Should_receive_what_it_publishes_when_it_logs_in_with_the_right_password(string server, RedisProtocol protocol)
    {
        await using var redis = await StartAsync(server);
        await using var connection = await StackExchangeConnections.ConnectAsync(Options(redis, protocol, ChatterUser.Password));
        var channel = RedisChannel.Literal(ChatterUser.AllowedChannel());
        var queue = await connection.GetSubscriber().SubscribeAsync(channel);

        var receivers = await connection.GetSubscriber().PublishAsync(channel, "hi");

        Assert.Equal(1, receivers);
        Assert.Equal("hi", (await StackExchangeConnections.ReadAsync(queue, 1))[0].Message.ToString());
    }

    [Theory]
    [MemberData(nameof(ServersAndProtocols))]
    public async Task Should_fail_to_connect_with_an_authentication_failure_when_the_password_is_wrong(string server, RedisProtocol protocol)
    {
        await using var redis = await StartAsync(server);
        var options = Options(redis, protocol, "wrong-" + ChatterUser.Password);
        options.AbortOnConnectFail = true;

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectionMultiplexer.ConnectAsync(options));

        Assert.Equal(ConnectionFailureType.AuthenticationFailure, error.FailureType);
        Assert.Contains("WRONGPASS", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ServersAndProtocols))]
    public async Task Should_throw_noperm_on_subscribe_and_publish_when_the_channel_is_outside_the_users_permissions(string server, RedisProtocol protocol)
    {
        await using var redis = await StartAsync(server);
        await using var connection = await StackExchangeConnections.ConnectAsync(Options(redis, protocol, ChatterUser.Password));
        var name = ChatterUser.DeniedChannel();
        var subscriber = connection.GetSubscriber();

        RedisChannel[] channels = [RedisChannel.Literal(name), RedisChannel.Sharded(name)];
        var errors = new List<string>();
        foreach (var channel in channels)
        {
            errors.Add((await Assert.ThrowsAsync<RedisServerException>(() => subscriber.SubscribeAsync(channel))).Message);
            errors.Add((await Assert.ThrowsAsync<RedisServerException>(() => subscriber.PublishAsync(channel, "x"))).Message);
        }

        Assert.All(errors, message => Assert.StartsWith("NOPERM ", message, StringComparison.Ordinal));
    }

    private async Task<RedisServerProcess?> StartAsync(string server) =>
        server == "redis-server" ? await ChatterUser.StartRedisServerAsync() : null;

    private ConfigurationOptions Options(RedisServerProcess? redis, RedisProtocol protocol, string password)
    {
        var options = StackExchangeConnections.Options(redis?.Endpoint ?? broker.Endpoint, protocol);
        options.User = ChatterUser.Name;
        options.Password = password;
        return options;
    }
}

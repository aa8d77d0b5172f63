using System.Globalization;
using System.Net;
using ActorRooms.EndToEnd.Tests.ClientLibraries;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.RedisCli;

/// <summary>
/// What a subscribed redis-cli does when its server goes away: it prints "Error: Server closed the connection" and
/// exits 1, with the broker (restarted on the same port) as with redis-server (killed). It neither reconnects nor
/// resubscribes: a script that reads with redis-cli has to start it again.
/// </summary>
[Collection(RedisCliCollection.Name)]
public sealed class RedisCliRestartSpecs
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Should_print_server_closed_and_exit_1_when_the_broker_restarts_under_a_subscribed_redis_cli(int protocol)
    {
        await using var broker = await RestartableBroker.StartAsync();
        await using var reader = await SubscribeAsync(broker.Endpoint, protocol);

        await broker.RestartAsync();

        await AssertExitedWithServerClosedAsync(reader);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Should_print_server_closed_and_exit_1_when_redis_server_goes_away_under_a_subscribed_redis_cli(int protocol)
    {
        await using var redis = await RedisServerProcess.StartAsync(ExternalTools.RedisServer);
        await using var reader = await SubscribeAsync(redis.Endpoint, protocol);

        await redis.DisposeAsync(); // killed: its dispose at the end of the test finds it gone

        await AssertExitedWithServerClosedAsync(reader);
    }

    private static async Task<CliProcess> SubscribeAsync(IPEndPoint server, int protocol)
    {
        var channel = $"cli.restart.{Guid.NewGuid():N}";
        string[] target = ["-h", server.Address.ToString(), "-p", server.Port.ToString(CultureInfo.InvariantCulture)];
        var reader = CliProcess.Start(ExternalTools.RedisCli, [.. protocol == 3 ? ["-3"] : Array.Empty<string>(), .. target, "SUBSCRIBE", channel]);
        Assert.Equal(["subscribe", channel, "1"], await reader.ReadLinesAsync(3, Timeout));
        return reader;
    }

    private static async Task AssertExitedWithServerClosedAsync(CliProcess reader)
    {
        Assert.True(await reader.WaitForExitAsync(Timeout), "redis-cli still runs after its server went away");
        Assert.Equal(1, reader.ExitCode);
        // A FIN, not a reset ("Connection reset by peer"), as from redis-server.
        Assert.Equal("Error: Server closed the connection", reader.ErrorOutput);
        Assert.Empty(reader.TakeOutput());
    }
}

using System.Globalization;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.RedisCli;

/// <summary>redis-cli, the reference client, against the broker: one-shot commands and a subscribing reader, over RESP2 and RESP3.</summary>
[Collection(RedisCliCollection.Name)]
public sealed class RedisCliSpecs(BrokerFixture broker)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Should_print_pong_when_redis_cli_pings(int protocol)
    {
        var (exitCode, output, errors) = await RunAsync(protocol, "PING");

        Assert.Equal(0, exitCode);
        Assert.Equal("PONG\n", output);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Should_print_zero_receivers_when_redis_cli_publishes_to_an_empty_channel()
    {
        var (exitCode, output, _) = await RunAsync(2, "PUBLISH", UniqueName("cli.empty"), "nobody");

        Assert.Equal(0, exitCode);
        Assert.Equal("0\n", output);
    }

    [Fact]
    public async Task Should_print_each_channel_and_its_count_when_redis_cli_asks_numsub()
    {
        var channel = UniqueName("cli.numsub");
        await using var subscriber = await RespConnection.ConnectAsync(broker.Endpoint);
        await subscriber.SendCommandAsync("SUBSCRIBE", channel);
        await subscriber.ReadFrameAsync();

        var (exitCode, output, _) = await RunAsync(2, "PUBSUB", "NUMSUB", channel, "cli.nobody");

        Assert.Equal(0, exitCode);
        Assert.Equal($"{channel}\n1\ncli.nobody\n0\n", output);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Should_print_the_message_when_a_subscribed_redis_cli_reads_what_another_publishes(int protocol)
    {
        var channel = UniqueName("cli.reader");
        await using var reader = CliProcess.Start(ExternalTools.RedisCli, [.. Connection(protocol), "SUBSCRIBE", channel]);
        Assert.Equal(["subscribe", channel, "1"], await reader.ReadLinesAsync(3, Timeout));

        var (exitCode, output, _) = await RunAsync(2, "PUBLISH", channel, "hello from redis-cli");

        Assert.Equal(0, exitCode);
        Assert.Equal("1\n", output);
        Assert.Equal(["message", channel, "hello from redis-cli"], await reader.ReadLinesAsync(3, Timeout));
    }

    [Fact]
    public async Task Should_print_the_pattern_message_when_a_psubscribed_redis_cli_reads_a_matching_channel()
    {
        var prefix = UniqueName("cli.pattern");
        await using var reader = CliProcess.Start(ExternalTools.RedisCli, [.. Connection(3), "PSUBSCRIBE", prefix + ".*"]);
        Assert.Equal(["psubscribe", prefix + ".*", "1"], await reader.ReadLinesAsync(3, Timeout));

        var (_, output, _) = await RunAsync(2, "PUBLISH", prefix + ".x", "matched");

        Assert.Equal("1\n", output);
        Assert.Equal(["pmessage", prefix + ".*", prefix + ".x", "matched"], await reader.ReadLinesAsync(4, Timeout));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Should_print_the_smessage_to_the_ssubscribed_redis_cli_only_when_another_spublishes(int protocol)
    {
        var channel = UniqueName("cli.shard");
        await using var shardReader = CliProcess.Start(ExternalTools.RedisCli, [.. Connection(protocol), "SSUBSCRIBE", channel]);
        await using var plainReader = CliProcess.Start(ExternalTools.RedisCli, [.. Connection(protocol), "SUBSCRIBE", channel]);
        Assert.Equal(["ssubscribe", channel, "1"], await shardReader.ReadLinesAsync(3, Timeout));
        Assert.Equal(["subscribe", channel, "1"], await plainReader.ReadLinesAsync(3, Timeout));

        var (_, sharded, _) = await RunAsync(protocol, "SPUBLISH", channel, "sharded");
        var (_, plain, _) = await RunAsync(protocol, "PUBLISH", channel, "plain");

        // A namespace of its own, as in Redis: each publish counts and reaches one reader, and the plain reader's
        // first message is the plain one.
        Assert.Equal(["1\n", "1\n"], [sharded, plain]);
        Assert.Equal(["smessage", channel, "sharded"], await shardReader.ReadLinesAsync(3, Timeout));
        Assert.Equal(["message", channel, "plain"], await plainReader.ReadLinesAsync(3, Timeout));
    }

    private static string UniqueName(string prefix) => $"{prefix}.{Guid.NewGuid():N}";

    private string[] Connection(int protocol)
    {
        string[] target = ["-h", broker.Endpoint.Address.ToString(), "-p", broker.Endpoint.Port.ToString(CultureInfo.InvariantCulture)];
        return protocol == 3 ? ["-3", .. target] : target;
    }

    private Task<(int ExitCode, string Output, string Errors)> RunAsync(int protocol, params string[] command) =>
        CliProcess.RunAsync(ExternalTools.RedisCli, Timeout, [.. Connection(protocol), .. command]);
}

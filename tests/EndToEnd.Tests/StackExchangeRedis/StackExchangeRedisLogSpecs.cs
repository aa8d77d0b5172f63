using ActorRooms.EndToEnd.Tests.Infrastructure;
using StackExchange.Redis;

namespace ActorRooms.EndToEnd.Tests.StackExchangeRedis;

/// <summary>
/// The connection-string options docs/protocol.md recommends for StackExchange.Redis: with them its connect log has
/// no error from a command the broker does not have (the tie-breaker GET is the one it sends by default).
/// </summary>
public sealed class StackExchangeRedisLogSpecs(BrokerFixture broker)
{
    [Theory]
    [InlineData("resp3")]
    [InlineData("resp2")]
    public async Task Should_log_no_unknown_command_when_connecting_with_the_documented_options(string protocol)
    {
        var log = new StringWriter();
        var options = ConfigurationOptions.Parse($"{broker.Endpoint},tiebreaker=,abortConnect=false,protocol={protocol}");

        await using var connection = await ConnectionMultiplexer.ConnectAsync(options, log);
        var text = log.ToString();
        TestContext.Current.TestOutputHelper?.WriteLine(text);

        Assert.True(connection.IsConnected, text);
        Assert.DoesNotContain("unknown command", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("__Booksleeve_TieBreak", text, StringComparison.Ordinal);
    }
}

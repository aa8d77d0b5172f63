using System.Globalization;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Security;

namespace ActorRooms.EndToEnd.Tests.RedisCli;

/// <summary>A slice of the permission matrix with redis-cli logging in by <c>--user</c> / <c>--pass</c>, as docs/security.md shows.</summary>
[Collection(RedisCliCollection.Name)]
public sealed class RedisCliSecuritySpecs(SecuredBroker broker) : IClassFixture<SecuredBroker>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("publisher", "pub-pw", "PUBLISH", "prices.cli", "0")]
    [InlineData("reader", "read-pw", "PUBLISH", "prices.cli", "NOPERM No permissions to access a channel")]
    [InlineData("chatter", "chat-pw", "PUBLISH", "prices.cli", "NOPERM No permissions to access a channel")]
    [InlineData("publisher", "pub-pw", "SUBSCRIBE", "chat.cli", "NOPERM No permissions to access a channel")]
    public async Task Should_print_the_reply_or_noperm_when_redis_cli_logs_in_as_a_user(string user, string password, string command, string room, string expected)
    {
        string[] arguments = command == "PUBLISH" ? [command, room, "hi"] : [command, room];

        var (_, output, _) = await CliProcess.RunAsync(ExternalTools.RedisCli, Timeout, [.. Login(user, password), .. arguments]);

        Assert.Equal(expected, output.Trim());
    }

    [Fact]
    public async Task Should_print_what_an_allowed_publisher_sends_when_redis_cli_reads_as_an_allowed_reader()
    {
        var room = $"prices.cli.{Guid.NewGuid():N}";
        await using var reader = CliProcess.Start(ExternalTools.RedisCli, [.. Login("reader", "read-pw"), "SUBSCRIBE", room]);
        Assert.Equal(["subscribe", room, "1"], await reader.ReadLinesAsync(3, Timeout));

        var (_, output, _) = await CliProcess.RunAsync(ExternalTools.RedisCli, Timeout, [.. Login("publisher", "pub-pw"), "PUBLISH", room, "tick"]);

        Assert.Equal("1\n", output);
        Assert.Equal(["message", room, "tick"], await reader.ReadLinesAsync(3, Timeout));
    }

    [Fact]
    public async Task Should_report_wrongpass_when_redis_cli_gives_a_wrong_password()
    {
        var (_, output, errors) = await CliProcess.RunAsync(ExternalTools.RedisCli, Timeout, [.. Login("reader", "nope"), "PING"]);

        Assert.Contains("WRONGPASS invalid username-password pair or user is disabled.", output + errors, StringComparison.Ordinal);
    }

    private string[] Login(string user, string password) =>
        ["-h", broker.Endpoint.Address.ToString(), "-p", broker.Endpoint.Port.ToString(CultureInfo.InvariantCulture), "--user", user, "--pass", password, "--no-auth-warning"];
}

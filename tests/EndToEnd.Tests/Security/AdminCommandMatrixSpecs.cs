using System.Globalization;
using ActorRooms.Broker.Hosting;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using static ActorRooms.EndToEnd.Tests.Security.SecuredBroker;

namespace ActorRooms.EndToEnd.Tests.Security;

/// <summary>
/// The server-wide commands (CLIENT LIST/KILL, ACL LIST/USERS/LOAD, MONITOR) × every user of the permission matrix,
/// end to end: each non-administrator gets Redis's exact NOPERM line and nothing is done (the victim connection still
/// answers, the refused MONITOR sees nothing); the administrator runs them. What concerns a user's own connection
/// stays open to everyone, PUBSUB CHANNELS/NUMSUB show only the rooms a user may subscribe to, and a broker without
/// users keeps everything open.
/// </summary>
public sealed class AdminCommandMatrixSpecs(SecuredBroker broker) : IClassFixture<SecuredBroker>
{
    private static readonly string[] NonAdministrators = ["publisher", "reader", "chatter", "default"];

    // Full name in the NOPERM text → the command; "{victim}" is the victim connection's id.
    private static readonly (string Name, string[] Command)[] AdminCommands =
    [
        ("client|kill", ["CLIENT", "KILL", "USER", "reader"]),
        ("client|kill", ["CLIENT", "KILL", "ID", "{victim}"]),
        ("client|kill", ["CLIENT", "KILL", "TYPE", "pubsub"]),
        ("client|kill", ["CLIENT", "KILL", "{victim-address}"]),
        ("client|list", ["CLIENT", "LIST"]),
        ("acl|list", ["ACL", "LIST"]),
        ("acl|users", ["ACL", "USERS"]),
        ("acl|load", ["ACL", "LOAD"]),
        ("monitor", ["MONITOR"]),
    ];

    // Every non-administrator over the plain-text port; one of them over TLS too.
    public static TheoryData<string, string, string[], bool> Refusals()
    {
        var data = new TheoryData<string, string, string[], bool>();
        foreach (var (user, tls) in NonAdministrators.Select(u => (u, false)).Append(("publisher", true)))
        {
            foreach (var (name, command) in AdminCommands)
            {
                data.Add(user, name, command, tls);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Should_refuse_with_noperm_and_do_nothing_when_a_user_runs_an_administrators_command(string user, string name, string[] command, bool tls)
    {
        await using var victim = await broker.ConnectAsAsync("reader");
        var (victimId, victimAddress) = await IdentifyAsync(broker, victim);
        await victim.SendCommandAsync("SUBSCRIBE", "prices.victim");
        await victim.ReadFrameAsync();
        await using var client = await broker.ConnectAsAsync(user, tls);

        await client.SendCommandAsync(Fill(command, victimId, victimAddress));
        Assert.Equal($"-NOPERM User {user} has no permissions to run the '{name}' command\r\n", Text(await client.ReadFrameAsync()));

        // Nothing was done: the victim still answers, and a refused MONITOR is shown no one's commands.
        await victim.SendCommandAsync("PING");
        Assert.Equal("*2\r\n$4\r\npong\r\n$0\r\n\r\n", Text(await victim.ReadFrameAsync()));
        await client.SendCommandAsync("PING");
        Assert.Equal("+PONG\r\n", Text(await client.ReadFrameAsync()));
    }

    [Theory]
    [InlineData("CLIENT", "KILL", "ID", "{victim}")]
    [InlineData("CLIENT", "KILL", "USER", "reader")]
    [InlineData("CLIENT", "KILL", "{victim-address}")]
    public async Task Should_disconnect_the_victim_when_an_administrator_kills_its_connection(params string[] command)
    {
        await using var victim = await broker.ConnectAsAsync("reader");
        var (victimId, victimAddress) = await IdentifyAsync(broker, victim);
        await using var admin = await broker.ConnectAsAsync(AdminUser);

        await admin.SendCommandAsync(Fill(command, victimId, victimAddress));

        Assert.Matches("^(:[1-9][0-9]*|\\+OK)\r\n$", Text(await admin.ReadFrameAsync()));
        Assert.True((await victim.ReadUntilClosedAsync()).Closed);
    }

    [Fact]
    public async Task Should_let_an_administrator_list_clients_users_and_monitor_when_admin_is_on()
    {
        await using var admin = await broker.ConnectAsAsync(AdminUser);
        await using var other = await broker.ConnectAsAsync("reader");
        var (otherId, _) = await IdentifyAsync(broker, other);

        await admin.SendCommandAsync("CLIENT", "LIST");
        Assert.Contains($"id={otherId} ", Text(await admin.ReadFrameAsync()), StringComparison.Ordinal);
        await admin.SendCommandAsync("ACL", "USERS");
        Assert.Contains("$6\r\nreader\r\n", Text(await admin.ReadFrameAsync()), StringComparison.Ordinal);
        await admin.SendCommandAsync("MONITOR");
        Assert.Equal("+OK\r\n", Text(await admin.ReadFrameAsync()));
        await other.SendCommandAsync("ECHO", "seen-by-monitor");
        await other.ReadFrameAsync();
        Assert.Contains("\"ECHO\" \"seen-by-monitor\"", Text(await admin.ReadFrameAsync()), StringComparison.Ordinal);
    }

    public static TheoryData<string> AllUsers() => [.. NonAdministrators, AdminUser];

    [Theory]
    [MemberData(nameof(AllUsers))]
    public async Task Should_let_every_user_run_what_concerns_its_own_connection(string user)
    {
        await using var client = await broker.ConnectAsAsync(user);

        await client.SendCommandAsync("ACL", "WHOAMI");
        Assert.Equal($"${user.Length}\r\n{user}\r\n", Text(await client.ReadFrameAsync()));
        await client.SendCommandAsync("CLIENT", "SETNAME", "me");
        await client.SendCommandAsync("CLIENT", "GETNAME");
        await client.SendCommandAsync("CLIENT", "SETINFO", "LIB-NAME", "matrix");
        Assert.Equal("+OK\r\n$2\r\nme\r\n+OK\r\n", Text(await client.ReadFramesAsync(3)));
        await client.SendCommandAsync("CLIENT", "INFO");
        Assert.Contains($" name=me ", Text(await client.ReadFrameAsync()), StringComparison.Ordinal);
        await client.SendCommandAsync("CLIENT", "ID");
        Assert.StartsWith(":", Text(await client.ReadFrameAsync()), StringComparison.Ordinal);
        foreach (var command in new[] { new[] { "INFO", "server" }, ["COMMAND", "COUNT"], ["HELLO", "2"], ["PUBSUB", "NUMPAT"] })
        {
            await client.SendCommandAsync(command);
            Assert.DoesNotMatch("^-", Text(await client.ReadFrameAsync()));
        }
    }

    [Fact]
    public async Task Should_show_a_user_only_the_rooms_it_may_subscribe_to_when_asked_pubsub_channels_or_numsub()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        string prices = $"prices.{suffix}", chat = $"chat.{suffix}";
        await using var admin = await broker.ConnectAsAsync(AdminUser);
        await admin.SendCommandAsync("SUBSCRIBE", prices, chat);
        await admin.ReadFramesAsync(2);
        await using var reader = await broker.ConnectAsAsync("reader");
        await using var adminAsker = await broker.ConnectAsAsync(AdminUser);

        await reader.SendCommandAsync("PUBSUB", "CHANNELS", $"*.{suffix}");
        Assert.Equal($"*1\r\n${prices.Length}\r\n{prices}\r\n", Text(await reader.ReadFrameAsync()));
        await reader.SendCommandAsync("PUBSUB", "NUMSUB", prices, chat);
        Assert.Equal($"*4\r\n${prices.Length}\r\n{prices}\r\n:1\r\n${chat.Length}\r\n{chat}\r\n:0\r\n", Text(await reader.ReadFrameAsync()));
        await adminAsker.SendCommandAsync("PUBSUB", "NUMSUB", chat);
        Assert.Equal($"*2\r\n${chat.Length}\r\n{chat}\r\n:1\r\n", Text(await adminAsker.ReadFrameAsync()));
    }

    [Fact]
    public async Task Should_keep_every_command_open_when_no_users_are_configured()
    {
        await using var node = await BrokerNode.StartAsync(BrokerConfiguration.Load(port: 0));
        await using var client = await RespConnection.ConnectAsync(node.Endpoint);
        await using var other = await RespConnection.ConnectAsync(node.Endpoint);

        await client.SendCommandAsync("CLIENT", "LIST");
        Assert.StartsWith("$", Text(await client.ReadFrameAsync()), StringComparison.Ordinal);
        await client.SendCommandAsync("ACL", "USERS");
        Assert.Equal("*1\r\n$7\r\ndefault\r\n", Text(await client.ReadFrameAsync()));
        await client.SendCommandAsync("MONITOR");
        Assert.Equal("+OK\r\n", Text(await client.ReadFrameAsync()));
        await other.SendCommandAsync("ECHO", "open");
        await other.ReadFrameAsync();
        Assert.Contains("\"ECHO\" \"open\"", Text(await client.ReadFrameAsync()), StringComparison.Ordinal);
    }

    /// <summary>The victim's id and address: it names itself uniquely, and the administrator finds it in CLIENT LIST.</summary>
    private static async Task<(long Id, string Address)> IdentifyAsync(SecuredBroker broker, RespConnection victim)
    {
        var name = "victim-" + Guid.NewGuid().ToString("N")[..8];
        await victim.SendCommandAsync("CLIENT", "SETNAME", name);
        Assert.Equal("+OK\r\n", Text(await victim.ReadFrameAsync()));
        await using var admin = await broker.ConnectAsAsync(AdminUser);
        await admin.SendCommandAsync("CLIENT", "LIST");
        var list = Text(await admin.ReadFrameAsync());
        var line = list.Split('\n').Single(l => l.Contains($" name={name} ", StringComparison.Ordinal));
        var fields = line.Split(' ').Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
        return (long.Parse(fields["id"], CultureInfo.InvariantCulture), fields["addr"]);
    }

    private static string[] Fill(string[] command, long victimId, string victimAddress) =>
        [.. command.Select(a => a.Replace("{victim}", victimId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{victim-address}", victimAddress, StringComparison.Ordinal))];
}

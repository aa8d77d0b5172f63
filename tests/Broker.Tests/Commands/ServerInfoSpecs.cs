using ActorRooms.Broker.Commands;
using ActorRooms.Broker.Stats;
using ActorRooms.Broker.Tests.Network;

namespace ActorRooms.Broker.Tests.Commands;

public sealed class ServerInfoSpecs
{
    private static readonly string[] RedisSections =
    [
        "# Server", "# Clients", "# Memory", "# Persistence", "# Stats", "# Replication", "# CPU", "# Modules",
        "# Commandstats", "# Errorstats", "# Latencystats", "# Cluster", "# Keyspace",
    ];

    [Theory]
    [InlineData("all")]
    [InlineData("everything")]
    public void Should_give_redis_thirteen_sections_in_redis_order_when_asked_for_all(string request)
    {
        var text = ServerInfo.Build([request], new BrokerCounters(), TestSettings.Default);

        Assert.Equal(RedisSections, Headers(text));
    }

    [Fact]
    public void Should_leave_out_the_per_command_sections_when_asked_for_the_default()
    {
        var text = ServerInfo.Build([], new BrokerCounters(), TestSettings.Default);

        Assert.Equal(RedisSections.Except(["# Commandstats", "# Latencystats"]), Headers(text));
    }

    [Fact]
    public void Should_say_master_without_persistence_and_no_blocked_clients_when_a_client_reads_those_fields()
    {
        var text = ServerInfo.Build(["replication", "persistence", "clients", "cpu"], new BrokerCounters(), TestSettings.Default);

        Assert.Contains("role:master\r\n", text, StringComparison.Ordinal);
        Assert.Contains("connected_slaves:0\r\n", text, StringComparison.Ordinal);
        Assert.Contains("aof_enabled:0\r\n", text, StringComparison.Ordinal);
        Assert.Contains("rdb_saves:0\r\n", text, StringComparison.Ordinal);
        Assert.Contains("blocked_clients:0\r\n", text, StringComparison.Ordinal);
        Assert.Matches(@"used_cpu_user:\d+\.\d{6}\r\n", text);
    }

    [Fact]
    public void Should_count_calls_rejections_and_errors_when_commands_run()
    {
        var harness = new SessionHarness();
        var dispatcher = new CommandDispatcher(harness.Session);

        dispatcher.Execute(SessionHarness.Command("ping"));
        dispatcher.Execute(SessionHarness.Command("ping"));
        dispatcher.Execute(SessionHarness.Command("echo"));
        dispatcher.Execute(SessionHarness.Command("select", "16"));
        dispatcher.AddStats();
        var text = ServerInfo.Build(["commandstats", "errorstats"], harness.Counters, TestSettings.Default);

        Assert.Matches(@"cmdstat_ping:calls=2,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0\r\n", text);
        Assert.Matches(@"cmdstat_echo:calls=0,usec=0,usec_per_call=0\.00,rejected_calls=1,failed_calls=0\r\n", text);
        Assert.Matches(@"cmdstat_select:calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=1\r\n", text);
        Assert.Contains("errorstat_ERR:count=2\r\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+OK\r\n", "0")]
    [InlineData("+OK\r\n", "15")]
    [InlineData("-ERR DB index is out of range\r\n", "16")]
    [InlineData("-ERR DB index is out of range\r\n", "-1")]
    [InlineData("-ERR value is not an integer or out of range\r\n", "x")]
    [InlineData("-ERR value is not an integer or out of range\r\n", "01")]
    [InlineData("-ERR value is not an integer or out of range\r\n", "+1")]
    [InlineData("-ERR value is not an integer or out of range\r\n", "99999999999999999999")]
    [InlineData("-ERR value is out of range, value must between -2147483648 and 2147483647\r\n", "2147483648")]
    public void Should_answer_as_redis_does_when_selecting_a_database(string expected, string index)
    {
        var harness = new SessionHarness();

        new CommandDispatcher(harness.Session).Execute(SessionHarness.Command("select", index));

        Assert.Equal(expected, harness.TakeReplies());
    }

    private static string[] Headers(string text) =>
        text.Split("\r\n").Where(line => line.StartsWith('#')).ToArray();
}

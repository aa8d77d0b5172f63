using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.ClientLibraries;

/// <summary>
/// Real client libraries as child processes (ioredis and node-redis under Node, redis-py from Debian's python3-redis):
/// each subscribes, pattern-subscribes, publishes (with SELECT 2 in its connection, as applications do), subscribes to
/// a shard channel and to the plain channel of the same name (SPUBLISH reaches only the one, PUBLISH only the other),
/// then the broker restarts on the same port and the client, by its own reconnect logic, receives again on both.
/// Skipped when the runtime or the library is absent; failures when ACTORROOMS_REQUIRE_EXTERNAL_TOOLS=1 (CI). docs/protocol.md has the table.
/// </summary>
public sealed class ClientLibrarySpecs
{
    private static readonly TimeSpan StepBound = TimeSpan.FromSeconds(40);

    private static string Scenarios => Path.Combine(RepositoryPaths.Root, "tests", "EndToEnd.Tests", "ClientLibraries");

    [Fact]
    public async Task Should_receive_again_after_a_broker_restart_when_the_client_is_ioredis()
    {
        var node = ExternalTools.NodeWithClientLibraries(Path.Combine(Scenarios, "node"));

        await RunAsync(node, Path.Combine(Scenarios, "node", "ioredis-scenario.js"));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("3")]
    public async Task Should_receive_again_after_a_broker_restart_when_the_client_is_node_redis(string resp)
    {
        var node = ExternalTools.NodeWithClientLibraries(Path.Combine(Scenarios, "node"));

        await RunAsync(node, Path.Combine(Scenarios, "node", "node-redis-scenario.js"), resp);
    }

    [Fact]
    public async Task Should_receive_again_after_a_broker_restart_when_the_client_is_redis_py()
    {
        var python = ExternalTools.PythonWithRedis;

        await RunAsync(python, Path.Combine(Scenarios, "python", "redis_py_scenario.py"));
    }

    // Every step prints one line; the broker restarts when the scenario says so, and the scenario hears of it on stdin.
    private static async Task RunAsync(string runtime, string script, params string[] extra)
    {
        // Arrange
        await using var broker = await RestartableBroker.StartAsync();
        var prefix = $"lib-{Guid.NewGuid():N}";
        await using var client = CliProcess.Start(runtime, keepInputOpen: true, [script, broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), prefix, .. extra]);

        // Act and assert, step by step
        Assert.Equal("subscribe ok", await client.ReadLineAsync(StepBound));
        Assert.Equal("psubscribe ok", await client.ReadLineAsync(StepBound));
        Assert.Equal("publish ok 1", await client.ReadLineAsync(StepBound));
        Assert.Equal("pattern ok", await client.ReadLineAsync(StepBound));
        Assert.Equal("ssubscribe ok", await client.ReadLineAsync(StepBound));
        Assert.Equal("shard ok 1 1", await client.ReadLineAsync(StepBound));
        Assert.Equal("restart-now", await client.ReadLineAsync(StepBound));
        await broker.RestartAsync();
        await client.WriteLineAsync("restarted");
        Assert.Equal("reconnect ok", await client.ReadLineAsync(StepBound));
    }
}

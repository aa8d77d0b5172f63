using System.Globalization;
using System.Threading.Channels;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.ClientLibraries;

/// <summary>
/// The room-feed programs of docs/clients.md, run as they are (the same files): each subscribes to
/// <c>room:&lt;room&gt;?snapshot</c> with its client library's ordinary API, prints the snapshot then live messages in
/// order, checks every seq itself, runs another command on its client, and survives a broker restart by its library's
/// own reconnect and resubscribe (a new epoch, a new snapshot, live again). Node and Python run as child processes,
/// redis-cli through the example's shell loop, StackExchange.Redis in process. Skipped when the runtime is absent;
/// failures when ACTORROOMS_REQUIRE_EXTERNAL_TOOLS=1 (CI).
/// </summary>
public sealed class RoomFeedExampleSpecs
{
    private const int LiveMessages = 20;
    private static readonly TimeSpan StepBound = TimeSpan.FromSeconds(40);

    private static string Examples => Path.Combine(RepositoryPaths.Root, "docs", "examples");

    private static string NodeModules => Path.Combine(RepositoryPaths.Root, "tests", "EndToEnd.Tests", "ClientLibraries", "node", "node_modules");

    [Fact]
    public async Task Should_follow_snapshot_then_live_in_order_across_a_broker_restart_when_the_client_is_ioredis()
    {
        var node = ExternalTools.NodeWithClientLibraries(Path.GetDirectoryName(NodeModules)!);

        await RunAsync(port => Process(node, new() { ["NODE_PATH"] = NodeModules }, Path.Combine(Examples, "ioredis-room-feed.js"), port));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("3")]
    public async Task Should_follow_snapshot_then_live_in_order_across_a_broker_restart_when_the_client_is_node_redis(string resp)
    {
        var node = ExternalTools.NodeWithClientLibraries(Path.GetDirectoryName(NodeModules)!);

        await RunAsync(port => Process(node, new() { ["NODE_PATH"] = NodeModules }, Path.Combine(Examples, "node-redis-room-feed.js"), port, resp));
    }

    [Fact]
    public async Task Should_follow_snapshot_then_live_in_order_across_a_broker_restart_when_the_client_is_redis_py()
    {
        var python = ExternalTools.PythonWithRedis;

        await RunAsync(port => Process(python, [], Path.Combine(Examples, "redis_py_room_feed.py"), port));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("3")]
    public async Task Should_follow_snapshot_then_live_in_order_across_a_broker_restart_when_the_client_is_redis_cli(string resp)
    {
        _ = ExternalTools.RedisCli;
        _ = ExternalTools.Find("jq") ?? ExternalTools.Unavailable("jq is not installed (apt-get install jq)");

        await RunAsync(port => Process("/bin/sh", [], Path.Combine(Examples, "redis-cli-room-feed.sh"), port, resp));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Should_follow_snapshot_then_live_in_order_across_a_broker_restart_when_the_client_is_stackexchange_redis(int resp)
    {
        await RunAsync(port => InProcess((room, output, cancel) => RoomFeedExamples.StackExchangeRoomFeed.RunAsync(port, room, resp, output, cancel)));
    }

    private static Func<string, ExampleRun> Process(string runtime, Dictionary<string, string> environment, string script, int port, string? resp = null) =>
        room =>
        {
            string[] arguments = resp is null ? [script, port.ToString(CultureInfo.InvariantCulture), room] : [script, port.ToString(CultureInfo.InvariantCulture), room, resp];
            var process = CliProcess.Start(runtime, keepInputOpen: false, environment, arguments);
            return new ExampleRun(process.ReadLineAsync, process.DisposeAsync);
        };

    private static Func<string, ExampleRun> InProcess(Func<string, TextWriter, CancellationToken, Task> run) =>
        room =>
        {
            var lines = Channel.CreateUnbounded<string>();
            var cancel = new CancellationTokenSource();
            var writer = new LineChannelWriter(lines.Writer);
            var running = Task.Run(() => run(room, writer, cancel.Token));
            return new ExampleRun(
                async timeout =>
                {
                    using var bound = new CancellationTokenSource(timeout);
                    return await lines.Reader.ReadAsync(bound.Token);
                },
                async () =>
                {
                    await cancel.CancelAsync();
#pragma warning disable VSTHRD003 // the example's own task, started above: waited for (bounded) so it ends with the test
                    await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(5)));
#pragma warning restore VSTHRD003
                    cancel.Dispose();
                });
        };

    private static async Task RunAsync(Func<int, Func<string, ExampleRun>> example)
    {
        // Arrange: six keyed messages over three keys before the client comes, so its snapshot has three values.
        await using var broker = await RestartableBroker.StartAsync();
        var room = $"ex-{Guid.NewGuid():N}"[..12];
        await PublishAsync(broker.Port, room, 1, 6, "p");
        var start = example(broker.Port)(room);
        try
        {
            // Act and assert: joined at seq 6, the last value per key in seq order, the end of the snapshot.
            var joined = await ExpectAsync(start, "joined ");
            Assert.EndsWith(" 6", joined, StringComparison.Ordinal);
            Assert.Equal(["k1 4 p4", "k2 5 p5", "k0 6 p6", "snapshot 6 3", "ping ok"], await LinesAsync(start, 5));

            // Live: every seq after the snapshot, in order (the program exits on a gap; so does this check).
            await PublishAsync(broker.Port, room, 7, 6 + LiveMessages, "l");
            Assert.Equal(Expected(7, 6 + LiveMessages, "l"), await LinesAsync(start, LiveMessages));

            // A broker restart: the library reconnects and resubscribes by channel name; a new epoch, a new snapshot.
            await broker.RestartAsync();
            var rejoined = await ExpectAsync(start, "joined ");
            Assert.NotEqual(joined, rejoined);
            Assert.Equal(["snapshot 0 0", "ping ok"], await LinesAsync(start, 2));
            await PublishAsync(broker.Port, room, 1, 10, "r");
            Assert.Equal(Expected(1, 10, "r"), await LinesAsync(start, 10));
        }
        finally
        {
            await start.DisposeAsync();
        }
    }

    // ROOM.PUBLISH room <prefix><i> KEY k<i % 3> for i in from..to (the seqs of a fresh room, numbered from 1).
    private static async Task PublishAsync(int port, string room, int from, int to, string prefix)
    {
        await using var publisher = await RespConnection.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
        for (var i = from; i <= to; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            await publisher.SendCommandAsync("ROOM.PUBLISH", room, prefix + n, "KEY", "k" + (i % 3).ToString(CultureInfo.InvariantCulture));
            Assert.StartsWith(":", System.Text.Encoding.Latin1.GetString(await publisher.ReadFrameAsync()), StringComparison.Ordinal);
        }
    }

    private static List<string> Expected(int from, int to, string prefix) =>
        [.. Enumerable.Range(from, to - from + 1).Select(i => $"k{i % 3} {i} {prefix}{i}")];

    private static async Task<List<string>> LinesAsync(ExampleRun run, int count)
    {
        var lines = new List<string>();
        while (lines.Count < count)
        {
            lines.Add(await run.ReadLineAsync(StepBound));
        }

        return lines;
    }

    // The next line starting with prefix; anything else before it fails (the program printed something unexpected).
    private static async Task<string> ExpectAsync(ExampleRun run, string prefix)
    {
        var line = await run.ReadLineAsync(StepBound);
        Assert.StartsWith(prefix, line, StringComparison.Ordinal);
        return line;
    }

    private sealed record ExampleRun(Func<TimeSpan, Task<string>> ReadLineAsync, Func<ValueTask> DisposeAsync);

    private sealed class LineChannelWriter(ChannelWriter<string> lines) : StringWriter(CultureInfo.InvariantCulture)
    {
        public override void WriteLine(string? value) => lines.TryWrite(value ?? string.Empty);

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}

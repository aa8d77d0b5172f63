using ActorRooms.Benchmarks;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.BenchmarkSmoke;

/// <summary>
/// C1-WS and F1-WS once each, briefly and small: the lean WebSocket subscribers upgrade, subscribe and count on
/// ActorRooms's <c>/ws</c> while a RESP publisher publishes, and the suite's rows put ActorRooms over WebSocket next to
/// ActorRooms and redis-server over RESP (skipped, or failed on CI, without redis-server). No timing is asserted.
/// </summary>
public sealed class WebSocketBenchmarkSpecs
{
    private static readonly string BrokerDll = Path.Combine(AppContext.BaseDirectory, "ActorRooms.Broker.dll");
    private static readonly TimeSpan Warmup = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Measure = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task C1_WS_idle_websocket_subscribers_are_all_subscribed_and_measured()
    {
        await using var running = await StartAsync(Report.Ours);

        // Throws unless every connection's upgrade and subscription are confirmed.
        var result = await new IdleConnectionsScenario(50, settle: TimeSpan.FromMilliseconds(100), overWebSocket: true).RunAsync(running);

        Assert.Equal(50, result.Connections);
        Assert.True(result.RssBefore > 0 && result.RssAfter > 0, "the server's memory was not read");
    }

    [Fact]
    public async Task F1_WS_fan_out_delivers_every_message_to_every_websocket_subscriber()
    {
        await using var running = await StartAsync(Report.Ours);

        var result = await new FanOutScenario(3, 128, Warmup, Measure, window: 2_000, overWebSocket: true).RunAsync(running);

        Assert.True(result.DeliveredPerSecond > 0, "nothing was delivered while measuring");
        Assert.Equal(0, result.Lost);
        Assert.True(result.ServerCpuPercent > 0 && result.ClientCpuPercent > 0, "CPU was not read");
    }

    [Fact]
    public async Task F1_WS_reports_websocket_and_resp_side_by_side_with_their_ratio()
    {
        _ = ExternalTools.RedisServer;
        var options = Options([Report.Ours, Report.Theirs]);

        var rows = await new WebSocketScenarios(options, Warmup).FanOutAsync();

        Assert.Equal(3, rows.Count);
        Assert.All(rows.Take(2), row => Assert.Equal(new[] { Report.Ours, Report.Theirs }.Order(), row.Values.Keys.Order()));
        Assert.Equal(rows[0].Median(Report.Ours) / rows[1].Median(Report.Ours), rows[2].Median(Report.Ours), 6);
        Assert.All(rows[0].Notes[Report.Ours].Concat(rows[1].Notes[Report.Ours]), note => Assert.StartsWith("lost 0,", note, StringComparison.Ordinal));
    }

    private static SuiteOptions Options(string[] servers) => new(
        servers, ["f1-ws"], [3], 128, Measure, Runs: 1, IdleConnections: 20, TimeSpan.Zero, BrokerDll, BrokerConfig: null,
        ManyRooms: [], GcDumpFolder: null, LatencyRates: [], TimeSpan.Zero,
        new PipelinedRoomsSettings(1, 1, 1, 1, Warmup, Measure), WebSocketSubscribers: 3);

    private static async Task<ServerUnderTest> StartAsync(string server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return await ServerUnderTest.StartAsync(server, BrokerDll, withHttp: true).WaitAsync(timeout.Token);
    }
}

using System.Globalization;

namespace ActorRooms.Benchmarks;

/// <summary>
/// C1-WS and F1-WS: C1 and F1 with the subscribers on ActorRooms's WebSocket (<c>/ws</c>), next to the same
/// subscribers over RESP on ActorRooms and on redis-server in the same run. Each run starts a fresh process for each
/// of the three (ActorRooms over WebSocket, ActorRooms over RESP, redis-server), in turn; both ActorRooms processes
/// have their HTTP listener, so transport is the only difference. The reference is ActorRooms over RESP:
/// a row of its own gives WebSocket ÷ RESP per run. nats-server is not a peer here: see <see cref="NatsReason"/>.
/// </summary>
public sealed class WebSocketScenarios(SuiteOptions options, TimeSpan warmup)
{
    /// <summary>Why nats-server's WebSocket listener is not measured beside ours.</summary>
    public const string NatsReason =
        "nats-server's WebSocket carries the NATS protocol in binary frames that are not aligned with its messages (its docs: "
        + "a frame will generally not hold a whole protocol message), so a subscriber cannot count frames; it would need a "
        + "frame parser under a NATS parser that also answers keepalives, and its publisher would speak NATS, not RESP";

    private const string OverWebSocket = "actorrooms over WebSocket";
    private const string OverResp = "actorrooms over RESP";

    /// <summary>C1-WS: memory per idle subscriber, WebSocket against RESP.</summary>
    public async Task<IReadOnlyList<Row>> IdleAsync()
    {
        const string Scenario = "C1-WS idle WebSocket subscribers";
        var variant = $"{options.IdleConnections:N0} idle subscribers, a room each";
        var rows = Rows(Scenario, variant, "memory per connection", "KiB", higherIsBetter: false);
        await RepeatAsync(runs: 1, async (server, overWebSocket) =>
        {
            var r = await new IdleConnectionsScenario(options.IdleConnections, overWebSocket: overWebSocket).RunAsync(server);
            var note = Invariant($"RSS {r.RssBefore / 1048576} → {r.RssAfter / 1048576} MiB");
            return (r.BytesPerConnection / 1024, note, Invariant($"{r.BytesPerConnection / 1024:F1} KiB per connection ({note})"));
        }, rows);
        return rows;
    }

    /// <summary>F1-WS: fan-out from a RESP publisher to subscribers over WebSocket against the same over RESP.</summary>
    public async Task<IReadOnlyList<Row>> FanOutAsync()
    {
        const string Scenario = "F1-WS fan-out to WebSocket subscribers";
        var subscribers = options.WebSocketSubscribers;
        var variant = $"1 room, 1 RESP publisher, {subscribers:N0} subscribers, {options.PayloadBytes} B";
        var rows = Rows(Scenario, variant, "delivered msgs/s", "msgs/s", higherIsBetter: true);
        var window = FanOutScenario.Window(subscribers);
        await RepeatAsync(options.Runs, async (server, overWebSocket) =>
        {
            var r = await new FanOutScenario(subscribers, options.PayloadBytes, warmup, options.Measure, window, overWebSocket: overWebSocket).RunAsync(server);
            var note = Invariant($"lost {r.Lost}, server CPU {r.ServerCpuPercent:F0}%, client CPU {r.ClientCpuPercent:F0}%, fairness {r.Fairness:F2}");
            return (r.DeliveredPerSecond, note, Invariant($"{r.DeliveredPerSecond / 1e6:F2}M msgs/s, {note}"));
        }, rows);
        return rows;
    }

    // Row 0: subscribers over WebSocket (redis-server's over RESP, it has no WebSocket); row 1: over RESP on both;
    // row 2: ActorRooms's WebSocket figure ÷ its RESP figure, per run.
    private static Row[] Rows(string scenario, string variant, string metric, string unit, bool higherIsBetter) =>
    [
        new(scenario, variant, $"{metric}, subscribers over WebSocket (redis-server: over RESP)", unit, higherIsBetter),
        new(scenario, variant, $"{metric}, subscribers over RESP", unit, higherIsBetter),
        new(scenario, variant, $"{metric}, ActorRooms WebSocket ÷ ActorRooms RESP, same run", "×", higherIsBetter, Comparable: false),
    ];

    private async Task RepeatAsync(int runs, Func<ServerUnderTest, bool, Task<(double Value, string Note, string Summary)>> measure, Row[] rows)
    {
        if (options.Servers.Contains(ServerUnderTest.Nats))
        {
            await Console.Error.WriteLineAsync($"  nats       skipped: {NatsReason}.");
        }

        for (var i = 0; i < runs; i++)
        {
            double? webSocket = null;
            double? resp = null;
            if (options.Servers.Contains(Report.Ours))
            {
                webSocket = await RunOnceAsync(Report.Ours, overWebSocket: true, i, measure, rows[0]);
                resp = await RunOnceAsync(Report.Ours, overWebSocket: false, i, measure, rows[1]);
                rows[2].Add(Report.Ours, webSocket.Value / resp.Value);
            }

            if (options.Servers.Contains(Report.Theirs))
            {
                var redis = await RunOnceAsync(Report.Theirs, overWebSocket: false, i, measure, rows[1]);
                rows[0].Add(Report.Theirs, redis);
            }
        }
    }

    private async Task<double> RunOnceAsync(string kind, bool overWebSocket, int run, Func<ServerUnderTest, bool, Task<(double Value, string Note, string Summary)>> measure, Row row)
    {
        await using var server = await ServerUnderTest.StartAsync(kind, options.BrokerDll, options.BrokerConfig, withHttp: true);
        var (value, note, summary) = await measure(server, overWebSocket);
        row.Add(kind, value, note);
        var label = kind == Report.Ours ? (overWebSocket ? OverWebSocket : OverResp) : kind;
        await Console.Error.WriteLineAsync($"  {label,-26} run {run + 1}: {summary}");
        return value;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace ActorRooms.Benchmarks;

/// <summary>
/// Runs the scenarios against each server, a fresh server process per run, and collects one <see cref="Row"/> per
/// scenario variant and metric. Progress goes to stderr so that stdout stays the report.
/// </summary>
public sealed class BenchmarkSuite(SuiteOptions options)
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyList<Row>> RunAsync()
    {
        var rows = new List<Row>();
        foreach (var scenario in options.Scenarios)
        {
            switch (scenario)
            {
                case "f1":
                    foreach (var subscribers in options.FanOutSubscribers)
                    {
                        var row = new Row("F1 fan-out", $"1 room, 1 publisher, {subscribers} subscriber{(subscribers == 1 ? "" : "s")}, {options.PayloadBytes} B", "delivered msgs/s", "msgs/s", true);
                        await RepeatAsync(async server =>
                        {
                            var r = await new FanOutScenario(subscribers, options.PayloadBytes, Warmup, options.Measure, FanOutScenario.Window(subscribers)).RunAsync(server);
                            row.Add(server.Name, r.DeliveredPerSecond, Invariant($"lost {r.Lost}, server CPU {r.ServerCpuPercent:F0}%, client CPU {r.ClientCpuPercent:F0}%, fairness {r.Fairness:F2}"));
                            return Invariant($"{r.DeliveredPerSecond / 1e6:F2}M msgs/s, lost {r.Lost}, server CPU {r.ServerCpuPercent:F0}%, client CPU {r.ClientCpuPercent:F0}%");
                        });
                        rows.Add(row);
                    }

                    break;
                case "f1-tls":
                    foreach (var subscribers in options.FanOutSubscribers)
                    {
                        rows.AddRange(await FanOutOverTlsAsync(subscribers));
                    }

                    break;
                case "f1-cluster":
                    foreach (var subscribers in options.FanOutSubscribers)
                    {
                        var row = new Row("F1 fan-out, 3-node cluster", $"1 room, 1 publisher, {subscribers} subscriber{(subscribers == 1 ? "" : "s")} spread over 3 ActorRooms nodes (redis-server: one node), {options.PayloadBytes} B", "delivered msgs/s", "msgs/s", true);
                        await RepeatAsync(async server =>
                        {
                            var r = await new FanOutScenario(subscribers, options.PayloadBytes, Warmup, options.Measure, FanOutScenario.Window(subscribers)).RunAsync(server);
                            row.Add(Report.Server(server.Name), r.DeliveredPerSecond, Invariant($"lost {r.Lost}, server CPU {r.ServerCpuPercent:F0}%, client CPU {r.ClientCpuPercent:F0}%, fairness {r.Fairness:F2}, peak RSS {r.ServerPeakRss / 1048576} MiB"));
                            return Invariant($"{r.DeliveredPerSecond / 1e6:F2}M msgs/s, lost {r.Lost}, server CPU {r.ServerCpuPercent:F0}%, client CPU {r.ClientCpuPercent:F0}%");
                        }, asCluster: true, servers: WithoutNats("F1 on a cluster compares an ActorRooms cluster with one redis-server; nats-server is in F1"));
                        rows.Add(row);
                    }

                    break;
                case "f2":
                    foreach (var rate in options.LatencyRates)
                    {
                        var variant = $"1 room, 100 subscribers, 1 publisher at {rate:N0} msgs/s, {options.PayloadBytes} B";
                        var warm = LatencyRows("F2 latency, warm", $"{variant}, after warm-up");
                        var cold = LatencyRows("F2 latency, cold", $"{variant}, sent in the first {options.ColdWindow.TotalSeconds:F0} s after the server process started");
                        await RepeatAsync(async server =>
                        {
                            var r = await new LatencyScenario(100, rate, options.PayloadBytes, Warmup, options.Measure, options.ColdWindow).RunAsync(server);
                            AddLatency(warm, server.Name, r.Warm, Invariant($"{r.Warm.Samples} samples, lost {r.Lost}"));
                            AddLatency(cold, server.Name, r.Cold, Invariant($"{r.Cold.Samples} samples, publishing from {r.FirstPublishAfterStart.TotalMilliseconds:F0} ms after the server's start"));
                            return Invariant($"warm p50 {r.Warm.P50:F0} µs, p99 {r.Warm.P99:F0} µs, p99.9 {r.Warm.P999:F0} µs, max {r.Warm.Max:F0} µs; cold ({r.Cold.Samples} samples from {r.FirstPublishAfterStart.TotalMilliseconds:F0} ms) p99 {r.Cold.P99:F0} µs, max {r.Cold.Max:F0} µs; lost {r.Lost}");
                        });
                        rows.AddRange([.. warm, .. cold]);
                    }

                    break;
                case "f3":
                    var rooms = new Row("F3 many rooms", $"1,000 rooms × 1 subscriber, 4 publishers, {options.PayloadBytes} B", "delivered msgs/s", "msgs/s", true);
                    await RepeatAsync(async server =>
                    {
                        var r = await new ManyRoomsScenario(1000, 4, options.PayloadBytes, Warmup, options.Measure).RunAsync(server);
                        rooms.Add(server.Name, r.DeliveredPerSecond, Invariant($"lost {r.Lost}, server CPU {r.ServerCpuPercent:F0}%, client CPU {r.ClientCpuPercent:F0}%"));
                        return Invariant($"{r.DeliveredPerSecond / 1e6:F2}M msgs/s, lost {r.Lost}, server CPU {r.ServerCpuPercent:F0}%, client CPU {r.ClientCpuPercent:F0}%");
                    });
                    rows.Add(rooms);
                    break;
                case "f4":
                    var f4 = options.PipelinedRooms;
                    var f4Variant = $"{f4.Rooms:N0} rooms × 1 subscriber, {f4.Publishers} publishers round-robin over all rooms, {f4.Batch} publishes per write, ≤ {f4.Unanswered:N0} unanswered each, {options.PayloadBytes} B";
                    var f4Rows = new[]
                    {
                        new Row("F4 many rooms, pipelined", f4Variant, "delivered msgs/s", "msgs/s", true),
                        new Row("F4 many rooms, pipelined", f4Variant, "lost (must be 0)", "msgs", false, Comparable: false),
                        new Row("F4 many rooms, pipelined", f4Variant, "server CPU", "%", false, Comparable: false),
                        new Row("F4 many rooms, pipelined", f4Variant, "client CPU", "%", false, Comparable: false),
                    };
                    await RepeatAsync(async server =>
                    {
                        var r = await new PipelinedRoomsScenario(f4, options.PayloadBytes).RunAsync(server);
                        f4Rows[0].Add(server.Name, r.DeliveredPerSecond, Invariant($"published {r.Published:N0}, backlog at the end of the measurement {r.Backlog:N0}, error replies {r.Errors}"));
                        f4Rows[1].Add(server.Name, r.Lost);
                        f4Rows[2].Add(server.Name, r.ServerCpuPercent);
                        f4Rows[3].Add(server.Name, r.ClientCpuPercent);
                        return Invariant($"{r.DeliveredPerSecond / 1e3:F0} k msgs/s, lost {r.Lost}, errors {r.Errors}, backlog {r.Backlog:N0}, server CPU {r.ServerCpuPercent:F0}%, client CPU {r.ClientCpuPercent:F0}%");
                    });
                    rows.AddRange(f4Rows);
                    break;
                case "f3-cluster":
                    var clusterRooms = new Row("F3 many rooms, 3-node cluster", $"1,000 rooms × 1 subscriber, 4 publishers, subscribers and publishers spread over 3 ActorRooms nodes (redis-server: one node), {options.PayloadBytes} B", "delivered msgs/s", "msgs/s", true);
                    await RepeatAsync(
                        async server =>
                        {
                            var r = await new ManyRoomsScenario(1000, 4, options.PayloadBytes, Warmup, options.Measure).RunAsync(server);
                            clusterRooms.Add(Report.Server(server.Name), r.DeliveredPerSecond, Invariant($"lost {r.Lost}, server CPU {r.ServerCpuPercent:F0}%, client CPU {r.ClientCpuPercent:F0}%"));
                            return Invariant($"{r.DeliveredPerSecond / 1e6:F2}M msgs/s, lost {r.Lost}, server CPU {r.ServerCpuPercent:F0}%, client CPU {r.ClientCpuPercent:F0}%");
                        },
                        asCluster: true,
                        servers: WithoutNats("F3 on a cluster compares an ActorRooms cluster with one redis-server; nats-server is in F3"));
                    rows.Add(clusterRooms);
                    break;
                case "c1":
                    var idle = new Row("C1 idle connections", $"{options.IdleConnections:N0} idle subscribers, a room each", "memory per connection", "KiB", false);
                    await RepeatAsync(async server =>
                    {
                        var r = await new IdleConnectionsScenario(options.IdleConnections).RunAsync(server);
                        idle.Add(server.Name, r.BytesPerConnection / 1024, Invariant($"RSS {r.RssBefore / 1048576} → {r.RssAfter / 1048576} MiB"));
                        return Invariant($"{r.BytesPerConnection / 1024:F1} KiB per connection (RSS {r.RssBefore / 1048576} → {r.RssAfter / 1048576} MiB)");
                    }, runs: 1);
                    rows.Add(idle);
                    break;
                case "c1-ws":
                    rows.AddRange(await new WebSocketScenarios(options, Warmup).IdleAsync());
                    break;
                case "f1-ws":
                    rows.AddRange(await new WebSocketScenarios(options, Warmup).FanOutAsync());
                    break;
                case "backpressure":
                    var flood = new Row("Back-pressure", $"unthrottled publisher for {options.BackPressureDuration.TotalSeconds:F0} s, 10 healthy + 1 stalled subscriber", "server peak RSS", "MiB", false);
                    await RepeatAsync(async server =>
                    {
                        var r = await new BackPressureScenario(10, options.PayloadBytes, options.BackPressureDuration).RunAsync(server);
                        flood.Add(server.Name, r.ServerPeakRss / 1048576.0, Invariant($"published {r.Published:N0}, stalled subscriber disconnected: {(r.StalledDisconnected ? "yes" : "no")}"));
                        return Invariant($"peak RSS {r.ServerPeakRss / 1048576} MiB, published {r.Published:N0}, healthy delivered {r.HealthyDelivered:N0}, stalled disconnected {r.StalledDisconnected}");
                    }, runs: 1, servers: WithoutNats("back-pressure: the slow-consumer policies compared are ActorRooms's and redis-server's"));
                    rows.Add(flood);
                    break;
                case "r1":
                    // The cost of room features on fan-out: the same F1 run, plain SUBSCRIBE vs ROOM.JOIN, ActorRooms only,
                    // each on a fresh server process (a second run on a warm process would flatter whichever goes second).
                    foreach (var roomJoin in new[] { false, true })
                    {
                        var members = roomJoin ? "ROOM.JOIN members" : "SUBSCRIBE subscribers";
                        var row = new Row("R1 room fan-out", $"1 room, 1 publisher, 100 {members}, {options.PayloadBytes} B", "delivered msgs/s", "msgs/s", true);
                        await RepeatAsync(
                            async server =>
                            {
                                var r = await new FanOutScenario(100, options.PayloadBytes, Warmup, options.Measure, FanOutScenario.Window(100), roomJoin).RunAsync(server);
                                row.Add(server.Name, r.DeliveredPerSecond, Invariant($"lost {r.Lost}, server CPU {r.ServerCpuPercent:F0}%, client CPU {r.ClientCpuPercent:F0}%"));
                                return Invariant($"{members}: {r.DeliveredPerSecond / 1e6:F2}M msgs/s, lost {r.Lost}, server CPU {r.ServerCpuPercent:F0}%");
                            },
                            servers: [Report.Ours]);
                        rows.Add(row);
                    }

                    break;
                case "m1":
                    foreach (var count in options.ManyRooms)
                    {
                        var variant = $"{count:N0} rooms × 1 subscriber ({RoomsMemoryScenario.Connections} connections), one {options.PayloadBytes} B PUBLISH to each";
                        var perRoom = new Row("M1 many rooms", variant, "memory per room", "B", false);
                        var afterPublish = new Row("M1 many rooms", variant, "memory per room after one publish each", "B", false);
                        var rate = new Row("M1 many rooms", variant, $"publishes/s ({RoomsMemoryScenario.PublishWindow:N0} pipelined)", "msgs/s", true);
                        await RepeatAsync(async server =>
                        {
                            var r = await new RoomsMemoryScenario(count, options.PayloadBytes, GcDump(server.Name, count)).RunAsync(server);
                            perRoom.Add(server.Name, r.BytesPerRoom, Invariant($"RSS {r.RssBefore / 1048576} → {r.RssSubscribed / 1048576} MiB"));
                            afterPublish.Add(server.Name, r.BytesPerRoomAfterPublish, Invariant($"RSS {r.RssPublished / 1048576} MiB"));
                            rate.Add(server.Name, r.PublishedPerSecond, Invariant($"lost {r.Lost}, server CPU {r.ServerCpuPercent:F0}%, client CPU {r.ClientCpuPercent:F0}%"));
                            return Invariant($"{r.BytesPerRoom:F0} B/room, {r.BytesPerRoomAfterPublish:F0} B/room after publishing, {r.PublishedPerSecond / 1e3:F0} k publishes/s, lost {r.Lost}, server CPU {r.ServerCpuPercent:F0}%, client CPU {r.ClientCpuPercent:F0}%");
                        }, runs: 1, servers: WithoutNats("M1: its client speaks RESP only"));
                        rows.AddRange([perRoom, afterPublish, rate]);
                    }

                    break;
                default:
                    throw new ArgumentException($"Unknown scenario '{scenario}' (f1, f1-tls, f1-cluster, f2, f3, f3-cluster, f4, c1, c1-ws, f1-ws, backpressure, r1, m1).");
            }
        }

        return rows;
    }

    // F1 over TLS next to plain F1 in the same run, each on fresh server processes: delivered msgs/s, server and
    // client CPU for each transport, and how much of its plain rate each server keeps over TLS. nats-server is left
    // out: it greets in clear before its TLS handshake, which the RESP servers do not.
    private async Task<Row[]> FanOutOverTlsAsync(int subscribers)
    {
        var shape = $"1 room, 1 publisher, {subscribers} subscriber{(subscribers == 1 ? "" : "s")}, {options.PayloadBytes} B";
        var servers = WithoutNats("F1 over TLS compares ActorRooms's TLS with redis-server's");
        using var certificate = new BenchmarkCertificate();
        var rows = new List<Row>();
        var delivered = new Dictionary<bool, Row>();
        foreach (var tls in new[] { false, true })
        {
            var variant = $"{(tls ? "TLS" : "plain TCP")}, {shape}";
            var rate = delivered[tls] = new Row("F1 fan-out, TLS cost", variant, "delivered msgs/s", "msgs/s", true);
            var serverCpu = new Row("F1 fan-out, TLS cost", variant, "server CPU", "%", false, Comparable: false);
            var clientCpu = new Row("F1 fan-out, TLS cost", variant, "client CPU", "%", false, Comparable: false);
            await RepeatAsync(
                async server =>
                {
                    var r = await new FanOutScenario(subscribers, options.PayloadBytes, Warmup, options.Measure, FanOutScenario.Window(subscribers)).RunAsync(server);
                    var cipher = server.Tls is { } client ? $", {client.Negotiated}" : "";
                    rate.Add(server.Name, r.DeliveredPerSecond, Invariant($"lost {r.Lost}, fairness {r.Fairness:F2}{cipher}"));
                    serverCpu.Add(server.Name, r.ServerCpuPercent);
                    clientCpu.Add(server.Name, r.ClientCpuPercent);
                    return Invariant($"{(tls ? "TLS" : "plain")}: {r.DeliveredPerSecond / 1e6:F2}M msgs/s, lost {r.Lost}, server CPU {r.ServerCpuPercent:F0}%, client CPU {r.ClientCpuPercent:F0}%{cipher}");
                },
                servers: servers,
                tls: tls ? certificate : null);
            rows.AddRange([rate, serverCpu, clientCpu]);
        }

        var kept = new Row("F1 fan-out, TLS cost", $"TLS over plain TCP, {shape}", "delivered msgs/s kept over TLS", "%", true);
        foreach (var server in servers.Where(delivered[false].Values.ContainsKey))
        {
            kept.Add(server, 100 * delivered[true].Median(server) / delivered[false].Median(server));
        }

        rows.Add(kept);
        return [.. rows];
    }

    private static Row[] LatencyRows(string scenario, string variant) =>
        [.. new[] { "p50", "p99", "p99.9", "max" }.Select(metric => new Row(scenario, variant, metric, "µs", false))];

    private static void AddLatency(Row[] rows, string server, LatencyFigures figures, string note)
    {
        if (figures.Samples == 0)
        {
            // Nothing was sent in this window (a cold window over before the subscribers were connected): no figure.
            rows[0].Note(server, note);
            return;
        }

        rows[0].Add(server, figures.P50, note);
        rows[1].Add(server, figures.P99);
        rows[2].Add(server, figures.P999);
        rows[3].Add(server, figures.Max);
    }

    // The servers of this run but nats-server, for scenarios that only make sense for ActorRooms and redis-server
    // (ROOM.JOIN, the slow-consumer policies, the cluster, M1's RESP client); says so once if nats was asked for.
    private List<string> WithoutNats(string reason)
    {
        if (options.Servers.Contains(ServerUnderTest.Nats))
        {
            Console.Error.WriteLine($"  nats       skipped: {reason}.");
        }

        return [.. options.Servers.Where(s => s != ServerUnderTest.Nats)];
    }

    // With --gcdump: a heap dump of ActorRooms holding the rooms (dotnet-gcdump collect), and its report by type.
    private Func<int, Task>? GcDump(string server, int rooms) => options.GcDumpFolder is null || server != Report.Ours ? null : async pid =>
    {
        var dump = Path.Combine(options.GcDumpFolder, Invariant($"actorrooms-{rooms}-rooms.gcdump"));
        Directory.CreateDirectory(options.GcDumpFolder);
        await RunToolAsync("dotnet-gcdump", ["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", dump]);
        var report = await RunToolAsync("dotnet-gcdump", ["report", dump]);
        await File.WriteAllTextAsync(Path.ChangeExtension(dump, ".txt"), report);
    };

    private static async Task<string> RunToolAsync(string tool, string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}.");
    }

    // One fresh server process per run, servers alternating, so that neither always runs on a warmer machine.
    // asCluster: ActorRooms runs as a three-node cluster on this machine; servers: a subset of the servers; tls: the
    // servers serve TLS with this certificate, and the clients use it.
    private async Task RepeatAsync(Func<ServerUnderTest, Task<string>> run, int? runs = null, bool asCluster = false, IReadOnlyList<string>? servers = null, BenchmarkCertificate? tls = null)
    {
        for (var i = 0; i < (runs ?? options.Runs); i++)
        {
            foreach (var name in servers ?? options.Servers)
            {
                var kind = asCluster && name == Report.Ours ? ServerUnderTest.Cluster : name;
                await using var server = await ServerUnderTest.StartAsync(kind, options.BrokerDll, options.BrokerConfig, tls);
                var summary = await run(server);
                await Console.Error.WriteLineAsync($"  {name,-10} run {i + 1}: {summary}");
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

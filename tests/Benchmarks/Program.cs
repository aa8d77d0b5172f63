using System.CommandLine;
using ActorRooms.Benchmarks;

var servers = new Option<string[]>("--servers") { Description = "Servers to measure: actorrooms, redis, nats (nats-server on PATH).", DefaultValueFactory = _ => ["actorrooms", "redis", "nats"], AllowMultipleArgumentsPerToken = true };
var scenarios = new Option<string[]>("--scenarios") { Description = "Scenarios: f1 f1-tls f1-cluster f2 f3 f3-cluster f4 c1 c1-ws f1-ws backpressure r1 m1 (not in the default set: f1-tls, F1 plain and over TLS side by side, ActorRooms and redis-server; m1, many rooms' memory and publish rate; f1-cluster and f3-cluster, F1 and F3 on a 3-node cluster; r1, F1 at 100 subscribers, SUBSCRIBE vs ROOM.JOIN, ActorRooms only; c1-ws and f1-ws, C1 and F1 with ActorRooms's subscribers on WebSocket, next to ActorRooms and redis-server over RESP). nats-server skips f1-tls, f1-cluster, f3-cluster, c1-ws, f1-ws, backpressure, r1 and m1.", DefaultValueFactory = _ => ["f1", "f2", "f3", "f4", "c1", "backpressure"], AllowMultipleArgumentsPerToken = true };
var subscribers = new Option<int[]>("--subscribers") { Description = "Subscriber counts for F1.", DefaultValueFactory = _ => [1, 10, 100, 1000], AllowMultipleArgumentsPerToken = true };
var payload = new Option<int>("--payload") { Description = "Payload bytes.", DefaultValueFactory = _ => 128 };
var seconds = new Option<int>("--seconds") { Description = "Measured seconds per run.", DefaultValueFactory = _ => 5 };
var runs = new Option<int>("--runs") { Description = "Runs per server and scenario (the median is reported).", DefaultValueFactory = _ => 3 };
var idle = new Option<int>("--idle-connections") { Description = "Idle subscribers for C1 and C1-WS (needs ulimit -n above twice this).", DefaultValueFactory = _ => 10_000 };
var flood = new Option<int>("--backpressure-seconds") { Description = "Duration of the back-pressure run.", DefaultValueFactory = _ => 30 };
var broker = new Option<string>("--broker-dll") { Description = "The ActorRooms broker to run (a Release build).", DefaultValueFactory = _ => DefaultBrokerDll() };
var brokerConfig = new Option<FileInfo?>("--broker-config") { Description = "Extra HOCON for the ActorRooms broker (its --config)." };
var manyRooms = new Option<int[]>("--rooms") { Description = "Room counts for M1 (one subscriber each, over 10 connections).", DefaultValueFactory = _ => [100_000, 1_000_000], AllowMultipleArgumentsPerToken = true };
var gcdump = new Option<DirectoryInfo?>("--gcdump") { Description = "M1: take a heap dump of ActorRooms holding the rooms (dotnet-gcdump) and write it and its report here." };
var latencyRates = new Option<int[]>("--latency-rates") { Description = "F2: publish rates (msgs/s) to 100 subscribers.", DefaultValueFactory = _ => [1_000, 10_000], AllowMultipleArgumentsPerToken = true };
var coldSeconds = new Option<int>("--cold-seconds") { Description = "F2: the first seconds after the server process starts, reported apart as \"cold\".", DefaultValueFactory = _ => 3 };
var f4Rooms = new Option<int>("--f4-rooms") { Description = "F4: rooms, one subscriber each.", DefaultValueFactory = _ => 1_000 };
var f4Publishers = new Option<int>("--f4-publishers") { Description = "F4: publishers, each round-robin over all rooms.", DefaultValueFactory = _ => 4 };
var f4Batch = new Option<int>("--f4-batch") { Description = "F4: publishes per socket write.", DefaultValueFactory = _ => 64 };
var f4Unanswered = new Option<int>("--f4-unanswered") { Description = "F4: most publishes a publisher has not had answered.", DefaultValueFactory = _ => 1_000 };
var f4Warmup = new Option<int>("--f4-warmup") { Description = "F4: warm-up seconds.", DefaultValueFactory = _ => 3 };
var f4Seconds = new Option<int>("--f4-seconds") { Description = "F4: measured seconds per run.", DefaultValueFactory = _ => 10 };
var wsSubscribers = new Option<int>("--ws-subscribers") { Description = "F1-WS: subscribers, over WebSocket and over RESP.", DefaultValueFactory = _ => 1_000 };
var output = new Option<DirectoryInfo>("--output") { Description = "Folder for results.md, results.json and fanout.png.", DefaultValueFactory = _ => new DirectoryInfo("benchmark-results") };

var root = new RootCommand("ActorRooms benchmark: the same lean raw-socket client against ActorRooms, redis-server and nats-server on loopback, side by side.")
{
    servers, scenarios, subscribers, payload, seconds, runs, idle, flood, broker, brokerConfig, manyRooms, gcdump,
    latencyRates, coldSeconds, f4Rooms, f4Publishers, f4Batch, f4Unanswered, f4Warmup, f4Seconds, wsSubscribers, output,
};
root.SetAction(async parse =>
{
    var options = new SuiteOptions(
        parse.GetValue(servers)!, parse.GetValue(scenarios)!, parse.GetValue(subscribers)!, parse.GetValue(payload),
        TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(runs), parse.GetValue(idle),
        TimeSpan.FromSeconds(parse.GetValue(flood)), parse.GetValue(broker)!, parse.GetValue(brokerConfig)?.FullName,
        parse.GetValue(manyRooms)!, parse.GetValue(gcdump)?.FullName, parse.GetValue(latencyRates)!,
        TimeSpan.FromSeconds(parse.GetValue(coldSeconds)),
        new PipelinedRoomsSettings(
            parse.GetValue(f4Rooms), parse.GetValue(f4Publishers), parse.GetValue(f4Batch), parse.GetValue(f4Unanswered),
            TimeSpan.FromSeconds(parse.GetValue(f4Warmup)), TimeSpan.FromSeconds(parse.GetValue(f4Seconds))),
        parse.GetValue(wsSubscribers));
    if (!File.Exists(options.BrokerDll))
    {
        await Console.Error.WriteLineAsync($"Broker not found at {options.BrokerDll}; build it first: dotnet build -c Release src/Broker");
        return 2;
    }

    if (ServerPrograms.Missing(options.Servers) is { } missing)
    {
        await Console.Error.WriteLineAsync(missing);
        return 2;
    }

    if (options.WebSocketSubscribers < 1)
    {
        await Console.Error.WriteLineAsync("F1-WS needs at least one subscriber (--ws-subscribers).");
        return 2;
    }

    if (options.PipelinedRooms is { Rooms: < 1 } or { Publishers: < 1 } or { Batch: < 1 } || options.PipelinedRooms.Unanswered < options.PipelinedRooms.Batch)
    {
        await Console.Error.WriteLineAsync("F4 needs at least one room, publisher and publish per write, and --f4-unanswered of at least --f4-batch.");
        return 2;
    }

    var rows = await new BenchmarkSuite(options).RunAsync();
    var folder = parse.GetValue(output)!;
    folder.Create();
    var markdown = Report.Markdown(rows);
    await File.WriteAllTextAsync(Path.Combine(folder.FullName, "results.md"), markdown);
    await File.WriteAllTextAsync(Path.Combine(folder.FullName, "results.json"), Report.Json(rows));
    Report.FanOutChart(rows, Path.Combine(folder.FullName, "fanout.png"));
    await Console.Out.WriteLineAsync(markdown);
    return 0;
});
return await root.Parse(args).InvokeAsync();

static string DefaultBrokerDll() =>
    Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Broker/bin/Release/net10.0/ActorRooms.Broker.dll"));

using System.CommandLine;
using ActorRooms.Benchmarks;

var servers = new Option<string[]>("--servers") { Description = "Servers to measure: actorrooms, redis.", DefaultValueFactory = _ => ["actorrooms", "redis"], AllowMultipleArgumentsPerToken = true };
var scenarios = new Option<string[]>("--scenarios") { Description = "Scenarios: f1 f1-cluster f2 f3 f3-cluster c1 backpressure r1 m1 (not in the default set: m1, many rooms' memory and publish rate; f1-cluster and f3-cluster, F1 and F3 on a 3-node cluster; r1, F1 at 100 subscribers, SUBSCRIBE vs ROOM.JOIN, ActorRooms only).", DefaultValueFactory = _ => ["f1", "f2", "f3", "c1", "backpressure"], AllowMultipleArgumentsPerToken = true };
var subscribers = new Option<int[]>("--subscribers") { Description = "Subscriber counts for F1.", DefaultValueFactory = _ => [1, 10, 100, 1000], AllowMultipleArgumentsPerToken = true };
var payload = new Option<int>("--payload") { Description = "Payload bytes.", DefaultValueFactory = _ => 128 };
var seconds = new Option<int>("--seconds") { Description = "Measured seconds per run.", DefaultValueFactory = _ => 5 };
var runs = new Option<int>("--runs") { Description = "Runs per server and scenario (the median is reported).", DefaultValueFactory = _ => 3 };
var idle = new Option<int>("--idle-connections") { Description = "Idle subscribers for C1 (needs ulimit -n above twice this).", DefaultValueFactory = _ => 10_000 };
var flood = new Option<int>("--backpressure-seconds") { Description = "Duration of the back-pressure run.", DefaultValueFactory = _ => 30 };
var broker = new Option<string>("--broker-dll") { Description = "The ActorRooms broker to run (a Release build).", DefaultValueFactory = _ => DefaultBrokerDll() };
var brokerConfig = new Option<FileInfo?>("--broker-config") { Description = "Extra HOCON for the ActorRooms broker (its --config)." };
var manyRooms = new Option<int[]>("--rooms") { Description = "Room counts for M1 (one subscriber each, over 10 connections).", DefaultValueFactory = _ => [100_000, 1_000_000], AllowMultipleArgumentsPerToken = true };
var gcdump = new Option<DirectoryInfo?>("--gcdump") { Description = "M1: take a heap dump of ActorRooms holding the rooms (dotnet-gcdump) and write it and its report here." };
var output = new Option<DirectoryInfo>("--output") { Description = "Folder for results.md, results.json and fanout.png.", DefaultValueFactory = _ => new DirectoryInfo("benchmark-results") };

var root = new RootCommand("ActorRooms benchmark: the same lean raw-socket client against ActorRooms and redis-server on loopback, side by side.")
{
    servers, scenarios, subscribers, payload, seconds, runs, idle, flood, broker, brokerConfig, manyRooms, gcdump, output,
};
root.SetAction(async parse =>
{
    var options = new SuiteOptions(
        parse.GetValue(servers)!, parse.GetValue(scenarios)!, parse.GetValue(subscribers)!, parse.GetValue(payload),
        TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(runs), parse.GetValue(idle),
        TimeSpan.FromSeconds(parse.GetValue(flood)), parse.GetValue(broker)!, parse.GetValue(brokerConfig)?.FullName,
        parse.GetValue(manyRooms)!, parse.GetValue(gcdump)?.FullName);
    if (!File.Exists(options.BrokerDll))
    {
        await Console.Error.WriteLineAsync($"Broker not found at {options.BrokerDll}; build it first: dotnet build -c Release src/Broker");
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

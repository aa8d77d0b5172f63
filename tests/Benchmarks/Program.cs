using System.CommandLine;
using System.Globalization;
using ActorRooms.Benchmarks;

var servers = new Option<string[]>("--servers") { Description = "Servers to measure, in order.", DefaultValueFactory = _ => ["actorrooms", "redis"], AllowMultipleArgumentsPerToken = true };
var subscribers = new Option<int[]>("--subscribers") { Description = "Subscriber counts for F1.", DefaultValueFactory = _ => [100], AllowMultipleArgumentsPerToken = true };
var payload = new Option<int>("--payload") { Description = "Payload bytes.", DefaultValueFactory = _ => 128 };
var seconds = new Option<int>("--seconds") { Description = "Measured seconds per run.", DefaultValueFactory = _ => 5 };
var runs = new Option<int>("--runs") { Description = "Runs per server and scenario (median reported).", DefaultValueFactory = _ => 3 };
var broker = new Option<string>("--broker-dll") { Description = "The ActorRooms broker to run (a Release build).", DefaultValueFactory = _ => DefaultBrokerDll() };

var idle = new Option<int>("--idle-connections") { Description = "Run C1 with this many idle subscribers instead of F1." };

var root = new RootCommand("ActorRooms fan-out benchmark: the same lean client against ActorRooms and redis-server on loopback.")
{
    servers, subscribers, payload, seconds, runs, broker, idle,
};
root.SetAction(async parse =>
{
    var brokerDll = parse.GetValue(broker)!;
    if (!File.Exists(brokerDll))
    {
        await Console.Error.WriteLineAsync($"Broker not found at {brokerDll}; build it first: dotnet build -c Release src/Broker");
        return 2;
    }

    if (parse.GetValue(idle) is > 0 and var connections)
    {
        foreach (var server in parse.GetValue(servers)!)
        {
            await using var process = await ServerUnderTest.StartAsync(server, brokerDll);
            var result = await new IdleConnectionsScenario(connections).RunAsync(process);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{server,-10} idle={connections}: RSS {result.RssBefore / 1048576} -> {result.RssAfter / 1048576} MiB, {result.BytesPerConnection / 1024:F1} KiB per connection"));
        }

        return 0;
    }

    foreach (var count in parse.GetValue(subscribers)!)
    {
        foreach (var server in parse.GetValue(servers)!)
        {
            var results = new List<FanOutResult>();
            for (var run = 0; run < parse.GetValue(runs); run++)
            {
                await using var process = await ServerUnderTest.StartAsync(server, brokerDll);
                var scenario = new FanOutScenario(count, parse.GetValue(payload), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(parse.GetValue(seconds)), window: 20_000);
                var result = await scenario.RunAsync(process);
                results.Add(result);
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{server,-10} subs={count,5} run={run + 1}: {result.DeliveredPerSecond / 1e6,7:F2}M msg/s  lost={result.Lost}  server CPU {result.ServerCpuPercent,5:F0}%  client CPU {result.ClientCpuPercent,5:F0}%  peak RSS {result.ServerPeakRss / 1048576,5} MiB  fairness {result.Fairness:F2}"));
            }

            var sorted = results.OrderBy(r => r.DeliveredPerSecond).ToList();
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{server,-10} subs={count,5} median {sorted[sorted.Count / 2].DeliveredPerSecond / 1e6:F2}M msg/s (min {sorted[0].DeliveredPerSecond / 1e6:F2}M, max {sorted[^1].DeliveredPerSecond / 1e6:F2}M)"));
        }
    }

    return 0;
});
return await root.Parse(args).InvokeAsync();

static string DefaultBrokerDll() =>
    Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Broker/bin/Release/net10.0/ActorRooms.Broker.dll"));

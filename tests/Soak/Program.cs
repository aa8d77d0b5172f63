using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ActorRooms.Benchmarks;
using ActorRooms.Soak;

var setups = new Option<string[]>("--setups") { Description = "one (a single broker), three (a three-node cluster), or both.", DefaultValueFactory = _ => ["one", "three"], AllowMultipleArgumentsPerToken = true };
var minutes = new Option<double>("--minutes") { Description = "Minutes of load per setup.", DefaultValueFactory = _ => 30 };
var quiet = new Option<double>("--quiet-minutes") { Description = "Minutes of sampling after the load stops (rooms stop after 30 s idle, cluster owners after 2 min).", DefaultValueFactory = _ => 3 };
var every = new Option<double>("--sample-seconds") { Description = "Seconds between samples.", DefaultValueFactory = _ => 5 };
var seed = new Option<int>("--seed") { Description = "Seed of the fuzzed frames.", DefaultValueFactory = _ => 19 };
var broker = new Option<string>("--broker-dll") { Description = "The ActorRooms broker to run (a Release build).", DefaultValueFactory = _ => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Broker/bin/Release/net10.0/ActorRooms.Broker.dll")) };
var output = new Option<DirectoryInfo>("--output") { Description = "Folder for soak-<setup>.csv, .md and .png.", DefaultValueFactory = _ => new DirectoryInfo("soak-results") };

var root = new RootCommand("ActorRooms soak: a bounded run of mixed load (publishers, subscribers, ROOM.JOIN members with each policy, pattern subscribers, connection churn, fuzz, a stalled reader) with memory and counts sampled throughout.")
{
    setups, minutes, quiet, every, seed, broker, output,
};
root.SetAction(async parse =>
{
    var dll = parse.GetValue(broker)!;
    if (!File.Exists(dll))
    {
        await Console.Error.WriteLineAsync($"Broker not found at {dll}; build it first: dotnet build -c Release src/Broker");
        return 2;
    }

    foreach (var setup in parse.GetValue(setups)!)
    {
        if (setup is not ("one" or "three"))
        {
            await Console.Error.WriteLineAsync($"Unknown setup '{setup}' (one or three).");
            return 2;
        }

        await RunAsync(setup, dll, parse.GetValue(minutes), parse.GetValue(quiet), parse.GetValue(every), parse.GetValue(seed), parse.GetValue(output)!);
    }

    return 0;
});
return await root.Parse(args).InvokeAsync();

static async Task RunAsync(string setup, string dll, double minutes, double quietMinutes, double sampleSeconds, int seed, DirectoryInfo output)
{
    await using var server = await ServerUnderTest.StartAsync(setup == "one" ? "actorrooms" : ServerUnderTest.Cluster, dll);
    var load = new SoakLoad(server.Ports, seed);
    var samples = new List<SoakSample>();
    var clock = Stopwatch.StartNew();
    using var stopLoad = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
    var running = load.RunAsync(stopLoad.Token);
    var total = TimeSpan.FromMinutes(minutes + quietMinutes);
    var missed = 0;
    while (clock.Elapsed < total)
    {
        for (var node = 0; node < server.Ports.Count; node++)
        {
            var sample = await SoakSample.TakeAsync(clock.Elapsed.TotalMinutes, node, server.Ports[node]);
            if (sample is null)
            {
                missed++;
            }
            else
            {
                samples.Add(sample);
            }
        }

        var last = samples.LastOrDefault();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalMinutes:F1} min: published {load.Published}, churned {load.Churned}, fuzzed {load.Fuzzed}, replaced {load.Replaced}, refused {load.Refused}, unanswered samples {missed}; last node: rss {last?.RssBytes / 1048576.0:F0} MB, heap {last?.GcHeapBytes / 1048576.0:F0} MB, {last?.Connections} connections, {last?.Rooms} rooms"));
        await Task.Delay(TimeSpan.FromSeconds(sampleSeconds));
    }

    await running;
    var summary = string.Create(CultureInfo.InvariantCulture, $"""
        Setup: {(setup == "one" ? "one broker" : "three brokers in one cluster")}; {minutes} min of load, then {quietMinutes} min of sampling without it, every {sampleSeconds} s.
        Command: `dotnet tests/Soak/bin/Release/net10.0/ActorRooms.Soak.dll --setups {setup} --minutes {minutes} --quiet-minutes {quietMinutes}` (after `dotnet build -c Release src/Broker && dotnet build -c Release tests/Soak`).
        Load: 4 publishers (about 2,000 messages/s each, 20 rooms), 20 SUBSCRIBE readers, 15 ROOM.JOIN members (5 per policy), 5 PSUBSCRIBE readers, one reader that never reads, about 20 short connections/s in new rooms (half reset), about 10 fuzzed connections/s.
        Totals: {load.Published} messages published, {load.Churned} churned connections, {load.Fuzzed} fuzzed connections, {load.Replaced} long-lived clients closed by the broker and replaced, {load.Refused} connections refused (a node had stopped); {missed} samples unanswered.
        Each sample opens one connection of its own (counted in connections while it is open).
        """);
    await SoakReport.WriteAsync(output, $"soak-{setup}", samples, summary, minutes);
    Console.WriteLine(summary);
}

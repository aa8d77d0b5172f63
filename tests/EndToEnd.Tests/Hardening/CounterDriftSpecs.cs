using System.Diagnostics;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Hardening;

/// <summary>
/// Issue 19's drift check, small: a seeded fuzz of short sessions (every reply mode and subscription kind, valid,
/// mutated, truncated, oversized and binary frames; resets, clean closes and half-closes) and then INFO's counters
/// must equal what CLIENT LIST, PUBSUB CHANNELS and PUBSUB NUMPAT count from the connections and rooms themselves.
/// </summary>
[Collection(nameof(HostileInputCollection))]
public sealed class CounterDriftSpecs(HardeningBroker broker, ITestOutputHelper output) : IClassFixture<HardeningBroker>
{
    // Fixed: a failure replays the same frames (their interleaving with the broker's actors still varies). Before the
    // fix, 48,000 sessions of this mix left 3 to 6 connections behind for good (a ROOM.MEMBERS the room never answered);
    // 6,000 keep the run near 20 s on two cores (plus the 16 s bound when a question is lost).
    private const int Seed = 20_261_202;
    private const int Sessions = 6_000;
    private const int Parallel = 6;
    private const int MaxFramesPerSession = 24;

    // Past the connection's bound on an unanswered query (15 s plus rooms.info-timeout): a connection whose question
    // was lost is answered with an error by then, reads again and sees that its client left.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_report_counters_equal_to_the_client_directory_when_fuzzed_sessions_reset_and_close()
    {
        var node = broker.Node;
        await using var query = await RespConnection.ConnectAsync(node.Endpoint);
        var random = new Random(Seed);
        var plans = Enumerable.Range(0, Sessions).Select(_ => SessionPlan.Create(random, MaxFramesPerSession)).ToList();
        var stopwatch = Stopwatch.StartNew();

        // A publisher keeps the fuzzed rooms busy, so feeds and subscribers have deliveries in flight when they go.
        await using var publisher = await RespConnection.ConnectAsync(node.Endpoint);
        var frames = 0;
        for (var first = 0; first < plans.Count; first += Parallel)
        {
            var group = plans.Skip(first).Take(Parallel).ToList();
            await publisher.SendAsync(Resp.Command("PUBLISH", $"sf.{first % 12}", "tick"));
            await Task.WhenAll(group.Select(plan => plan.RunAsync(node.Endpoint)));
            await publisher.ReadFrameAsync();
            frames += group.Sum(p => p.FrameCount);
        }

        var fuzzed = stopwatch.Elapsed;
        await publisher.DisposeAsync();
        BrokerLedger? ledger = null;
        var settled = await Eventually.WithinAsync(
            async () =>
            {
                ledger = await BrokerLedger.ReadAsync(query);
                return ledger.Agrees && ledger.ListedClients == 1 && ledger.ListedChannels == 0 && ledger.CountedPatterns == 0 && ledger.RoomBacklogBytes == 0;
            },
            Settle);
        output.WriteLine(
            $"seed {Seed}: {frames} frames over {Sessions} sessions ({plans.Count(p => p.Ending == SessionEnding.Reset)} reset) " +
            $"in {fuzzed.TotalSeconds:F1}s; settled after {stopwatch.Elapsed.TotalSeconds:F1}s: {ledger}");

        Assert.True(settled, $"INFO disagrees with the directory or something stayed behind: {ledger}");
    }
}

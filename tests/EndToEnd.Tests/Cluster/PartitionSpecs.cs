using System.Globalization;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// Three broker programs whose cluster links pass relays (<see cref="PartitionedCluster"/>); one node is cut off
/// from the other two while publishers on both sides run, and the cut is healed. A cut that lasts is settled by the
/// split-brain resolver: the minority node downs itself and exits (its clients are disconnected), its owners stop
/// ordering as soon as it sees itself cut off, so no room has two orders at once, and the majority's members of its
/// rooms get a <c>roomreset</c>. A short cut heals before anyone is downed. Either way no member sees a silent jump.
/// </summary>
[Collection(NodeLossCollection.Name)]
public sealed class PartitionSpecs : IAsyncLifetime
{
    private const int Rooms = 6;
    private const int CutOff = 2;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(20);
    private PartitionedCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await PartitionedCluster.StartAsync();

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    // The specs begin once the three nodes carry the traffic. A node downed before any cut (starved of CPU while it
    // starts; the relays its heartbeats pass run in this busy test process) is a failed start, not a result: the
    // cluster and the traffic start again, at most three times.
    private async Task<PartitionTraffic> StartTrafficAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            PartitionTraffic? traffic = null;
            try
            {
                traffic = await PartitionTraffic.StartAsync(_cluster, Rooms);
                if (!await _cluster.AnyNodeExitedAsync())
                {
                    return traffic;
                }
            }
            catch (Exception e) when ((e is IOException or TimeoutException) && attempt < 3)
            {
                if (!await _cluster.AnyNodeExitedAsync())
                {
                    throw;
                }

                TestContext.Current.TestOutputHelper!.WriteLine($"A node was downed before the cut (attempt {attempt}): {e.Message.Split('\n')[0]}; starting again.");
            }

            if (traffic is not null)
            {
                await traffic.DisposeAsync();
                Assert.True(attempt < 3, "A node was downed before the cut in three starts.");
            }

            await _cluster.DisposeAsync();
            _cluster = await PartitionedCluster.StartAsync();
        }
    }

    [Fact]
    public async Task Should_down_the_cut_off_node_and_give_its_rooms_new_owners_without_two_orders_at_once()
    {
        var output = TestContext.Current.TestOutputHelper!;
        await using var traffic = await StartTrafficAsync();
        var cutAt = DateTime.UtcNow;
        _cluster.Network.Isolate(CutOff);

        // The cut-off node downs itself and exits; its clients are disconnected. The other two carry on.
        Assert.True(await _cluster[CutOff].ExitedWithinAsync(Timeout), "The cut-off node did not down itself.");
        var exitedAfter = DateTime.UtcNow - cutAt;
        await _cluster.WaitForMembersAsync([0, 1]);
        await Eventually.HoldsAsync(() => traffic.Feeds[CutOff].Disconnected && traffic.MinorityPublishers.All(p => p.Disconnected), Timeout, "the cut-off node's clients to be disconnected");
        var minorityLog = _cluster[CutOff].TakeOutput();
        var fenced = minorityLog.FirstOrDefault(l => l.Contains("Room owners on this node stop ordering", StringComparison.Ordinal));
        Assert.True(fenced is not null, "The cut-off node's owners were never fenced.");
        var majorityLog = _cluster[0].TakeOutput().Concat(_cluster[1].TakeOutput()).ToList();
        output.WriteLine($"Cut at {cutAt:HH:mm:ss.fff}; cut-off node fenced its owners: {fenced[..Math.Min(fenced.Length, 40)]}; exited {exitedAfter.TotalSeconds:F1} s after the cut; majority: {FailoverTimeline.From(majorityLog, cutAt)}.");

        var last = await traffic.PublishMoreAndStopAsync(100, Timeout);
        var resets = 0;
        for (var r = 0; r < Rooms; r++)
        {
            var room = traffic.Rooms[r];
            foreach (var node in new[] { 0, 1 })
            {
                await Eventually.HoldsAsync(() => traffic.Feeds[node].LastPayload(room) >= last[r], Timeout, $"node {node}'s member of room {r} to receive its last message");
                resets += traffic.Feeds[node].AssertNoSilentJump(room);
            }

            traffic.Feeds[CutOff].AssertNoSilentJump(room);

            // The minority's owner of a room stopped before the majority's new owner of it began: every message the
            // cut-off node's member got (in the old epoch) arrived before the first of the new epoch anywhere.
            var initialEpoch = traffic.Feeds[CutOff].Epochs(room)[0].Epoch;
            var lastOnMinority = traffic.Feeds[CutOff].Epochs(room)[^1].Last;
            var newEpochs = new[] { 0, 1 }.SelectMany(n => traffic.Feeds[n].Epochs(room)).Where(e => e.Epoch != initialEpoch).ToList();
            if (newEpochs.Count > 0)
            {
                var firstNew = newEpochs.Min(e => e.First);
                output.WriteLine($"room {r}: owner was on the cut-off node; its last message there arrived {(lastOnMinority - cutAt).TotalSeconds:F1} s after the cut, the new owner's first {(firstNew - cutAt).TotalSeconds:F1} s after.");
                Assert.True(lastOnMinority < firstNew, $"Room {r} was ordered by two owners at once: the cut-off node delivered until {lastOnMinority:HH:mm:ss.fff}, the new owner from {firstNew:HH:mm:ss.fff}.");
            }
        }

        Assert.True(resets > 0, "No room had its owner on the cut-off node; the spec proves nothing about handover.");

        // Healed and started again, the node rejoins and serves; the majority's members carry on with no jump.
        _cluster.Network.Heal();
        await _cluster.StartNodeAsync(CutOff);
        await _cluster.WaitForMembersAsync([0, 1, 2]);
        await using var rejoined = await ClusterMessages.SubscribeAsync(_cluster[CutOff].Endpoint, traffic.Rooms[0]);
        await using var publisher = await Infrastructure.RespConnection.ConnectAsync(_cluster[0].Endpoint);
        await publisher.SendCommandAsync("PUBLISH", traffic.Rooms[0], (last[0] + 1).ToString(CultureInfo.InvariantCulture));
        Assert.Equal((last[0] + 1).ToString(CultureInfo.InvariantCulture), (await rejoined.ReadPayloadsAsync(1, Timeout))[0]);
        await Eventually.HoldsAsync(() => traffic.Feeds[1].LastPayload(traffic.Rooms[0]) == last[0] + 1, Timeout, "the majority's member to receive the message published after the rejoin");
        traffic.Feeds[1].AssertNoSilentJump(traffic.Rooms[0]);
    }

    [Fact]
    public async Task Should_carry_on_without_a_silent_jump_when_a_short_cut_heals_before_anyone_is_downed()
    {
        var output = TestContext.Current.TestOutputHelper!;
        await using var traffic = await StartTrafficAsync();
        var sentBeforeCut = traffic.MajorityPublishers.Select(p => p.Sent).ToArray();
        _cluster.Network.Isolate(CutOff);
        await Task.Delay(TimeSpan.FromMilliseconds(700), TestContext.Current.CancellationToken); // shorter than the failure detector's patience
        _cluster.Network.Heal();

        var last = await traffic.PublishMoreAndStopAsync(100, Timeout);
        await _cluster.WaitForMembersAsync([0, 1, 2]);
        for (var r = 0; r < Rooms; r++)
        {
            var room = traffic.Rooms[r];
            for (var node = 0; node < 3; node++)
            {
                await Eventually.HoldsAsync(() => traffic.Feeds[node].LastPayload(room) >= last[r], Timeout, $"node {node}'s member of room {r} to receive its last message");
                traffic.Feeds[node].AssertNoSilentJump(room);
            }

            foreach (var reader in traffic.Readers)
            {
                var received = reader.Sequence(room);
                Assert.True(received.SequenceEqual(received.Distinct().Order()), $"Reader on {reader.Node} saw room {r} out of order or twice.");
                var lost = Enumerable.Range(sentBeforeCut[r], last[r] - sentBeforeCut[r] + 1).Except(received).Count();
                output.WriteLine($"room {r} reader on {reader.Node}: {lost} message(s) published around the cut never arrived; longest silence {reader.LongestSilence(room).TotalMilliseconds:F0} ms");
            }
        }
    }
}

using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// Traffic for the partition specs: on each of three nodes a ROOM.JOIN member and a SUBSCRIBE reader of every room;
/// a counter publisher per room on node 0 ("1", "2", ...) and another on node 2 ("c1", "c2", ..., which the readers
/// skip), so that both sides of a cut try to publish to every room.
/// </summary>
public sealed class PartitionTraffic : IAsyncDisposable
{
    private static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly CancellationTokenSource _stop = new();

    private PartitionTraffic(IReadOnlyList<string> rooms) => Rooms = rooms;

    public IReadOnlyList<string> Rooms { get; }

    /// <summary>A ROOM.JOIN member of every room, one per node.</summary>
    public List<RoomFeedReader> Feeds { get; } = [];

    /// <summary>A SUBSCRIBE reader of every room, one per node.</summary>
    public List<RoomReader> Readers { get; } = [];

    /// <summary>Node 0's publishers, one per room, of the counters the readers check.</summary>
    public List<RoomPublisher> MajorityPublishers { get; } = [];

    /// <summary>Node 2's publishers, one per room.</summary>
    public List<RoomPublisher> MinorityPublishers { get; } = [];

    /// <summary>Starts everything and waits until every reader has heard every room.</summary>
    public static async Task<PartitionTraffic> StartAsync(PartitionedCluster cluster, int rooms)
    {
        var traffic = new PartitionTraffic([.. Enumerable.Range(0, rooms).Select(r => $"cut.{Guid.NewGuid():N}.{r}")]);
        try
        {
            for (var node = 0; node < 3; node++)
            {
                try
                {
                    traffic.Feeds.Add(await RoomFeedReader.StartAsync(cluster[node], traffic.Rooms));
                    traffic.Readers.Add(await RoomReader.StartAsync(cluster[node], traffic.Rooms));
                }
                catch (IOException e)
                {
                    // Say what the node was doing when it closed a member's connection (downed and exiting, say).
                    await Task.Delay(TimeSpan.FromSeconds(1)); // its log lines are written asynchronously
                    var log = cluster[node].TakeOutput().TakeLast(60);
                    throw new IOException($"Node {node} closed a connection while the traffic started. Its last output:\n{string.Join("\n", log)}", e);
                }
            }

            foreach (var room in traffic.Rooms)
            {
                traffic.MajorityPublishers.Add(await RoomPublisher.StartAsync(cluster[0], room, PublishInterval, traffic._stop.Token));
                traffic.MinorityPublishers.Add(await RoomPublisher.StartAsync(cluster[2], room, PublishInterval, traffic._stop.Token, prefix: "c"));
            }

            await Eventually.HoldsAsync(() => traffic.Readers.All(r => r.HasReceivedFromAll(traffic.Rooms)), StartTimeout, "every reader to hear every room");
            return traffic;
        }
        catch
        {
            await traffic.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Lets node 0's publishers publish <paramref name="more"/> further messages per room, then stops all publishers;
    /// returns the last counter published to each room.
    /// </summary>
    public async Task<int[]> PublishMoreAndStopAsync(int more, TimeSpan timeout)
    {
        var from = MajorityPublishers.Select(p => p.Sent).ToArray();
        await Eventually.HoldsAsync(() => MajorityPublishers.Select((p, i) => p.Published >= from[i] + more).All(x => x), timeout, $"{more} more messages per room");
        await _stop.CancelAsync();
        await Task.WhenAll(MinorityPublishers.Select(p => p.StoppedAsync()));
        return await Task.WhenAll(MajorityPublishers.Select(p => p.StoppedAsync()));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var disposable in MajorityPublishers.Concat(MinorityPublishers).Cast<IAsyncDisposable>().Concat(Readers).Concat(Feeds))
        {
            await disposable.DisposeAsync();
        }

        _stop.Dispose();
    }
}

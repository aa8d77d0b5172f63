using System.Globalization;
using System.Net.Sockets;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// Three broker programs whose cluster traffic passes <see cref="NodeRelays"/>, so that a test can cut a node off
/// and heal the cut. Each node binds its cluster port on 127.0.0.1 and advertises its relay (public-hostname and
/// public-port in its --config file); the seeds are the relays. The shipped cluster settings otherwise.
/// </summary>
public sealed class PartitionedCluster : IAsyncDisposable
{
    private static readonly TimeSpan FormationTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);
    private const int FormationAttempts = 3;
    private readonly int[] _ports = [FreePort.Next(), FreePort.Next(), FreePort.Next()];
    private readonly int[] _clusterPorts = [FreePort.Next(), FreePort.Next(), FreePort.Next()];
    private readonly string[] _configFiles = [.. Enumerable.Range(0, 3).Select(_ => Path.Combine(Path.GetTempPath(), $"actorrooms-partition-{Guid.NewGuid():N}.conf"))];
    private readonly BrokerProcessNode?[] _nodes = new BrokerProcessNode?[3];
    private readonly NodeRelays _relays;

    private PartitionedCluster() => _relays = NodeRelays.Start(_clusterPorts);

    public BrokerProcessNode this[int node] => _nodes[node] ?? throw new InvalidOperationException($"Node {node} is not running.");

    public NodeRelays Network => _relays;

    public static async Task<PartitionedCluster> StartAsync()
    {
        var cluster = new PartitionedCluster();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                // A failure detector patient for 3 s, not the shipped 1 s: these specs cut links on purpose, and on a
                // 2-core machine shared with other test assemblies a node just started (still compiling) can miss
                // heartbeats for longer than 1 s and be downed before any cut (seen in CI). The owners' fence takes its
                // lease from this same setting, so the specs' guarantees are checked against a consistent setup.
                await File.WriteAllTextAsync(
                    cluster._configFiles[i],
                    $"actor-rooms.cluster.public-hostname = \"{NodeRelays.PublicHost(i)}\"\nactor-rooms.cluster.public-port = {cluster._relays.PublicPorts[i].ToString(CultureInfo.InvariantCulture)}\n"
                    + "akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s\n");
            }

            // The specs need a formed cluster before they cut anything. A node downed while it was still starting
            // (starved of CPU by other test assemblies, which the product answers by downing it) is a failed start,
            // not a result: start all three again, a bounded number of times.
            for (var attempt = 1; ; attempt++)
            {
                await cluster.StopAllAsync();
                for (var i = 0; i < 3; i++)
                {
                    await cluster.StartNodeAsync(i);
                }

                await cluster.WaitForMembersAsync([0, 1, 2]);
                if (await cluster.StaysFormedAsync())
                {
                    return cluster;
                }

                if (attempt == FormationAttempts)
                {
                    throw new InvalidOperationException($"The three nodes did not stay formed for {SettleTime.TotalSeconds} s after starting, {FormationAttempts} times.");
                }
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts node <paramref name="node"/> (again) on its ports, with the seed list every node has.</summary>
    public async Task StartNodeAsync(int node)
    {
        if (_nodes[node] is { } old)
        {
            await old.DisposeAsync();
        }

        var seeds = Enumerable.Range(0, 3).Select(i => $"{NodeRelays.PublicHost(i)}:{_relays.PublicPorts[i].ToString(CultureInfo.InvariantCulture)}").ToList();
        _nodes[node] = await BrokerProcessNode.StartAsync(_ports[node], _clusterPorts[node], seeds, _configFiles[node]);
    }

    /// <summary>True when a node's process has ended (a node downed by the others exits).</summary>
    public async Task<bool> AnyNodeExitedAsync()
    {
        for (var node = 0; node < 3; node++)
        {
            if (_nodes[node] is not { } running || await running.ExitedWithinAsync(TimeSpan.Zero))
            {
                return true;
            }
        }

        return false;
    }

    private async Task StopAllAsync()
    {
        for (var node = 0; node < 3; node++)
        {
            if (_nodes[node] is { } running)
            {
                await running.DisposeAsync();
                _nodes[node] = null;
            }
        }
    }

    // True when, SettleTime after forming, every node still runs and sees the three Up.
    private async Task<bool> StaysFormedAsync()
    {
        await Task.Delay(SettleTime);
        if (await AnyNodeExitedAsync())
        {
            return false;
        }

        try
        {
            for (var node = 0; node < 3; node++)
            {
                await this[node].WaitForMembersAsync(3, TimeSpan.FromSeconds(2));
            }

            return true;
        }
        catch (Exception e) when (e is TimeoutException or IOException or SocketException)
        {
            return false;
        }
    }

    /// <summary>Waits until each of <paramref name="nodes"/> sees exactly those nodes Up and none unreachable.</summary>
    public async Task WaitForMembersAsync(IReadOnlyList<int> nodes)
    {
        foreach (var node in nodes)
        {
            await this[node].WaitForMembersAsync(nodes.Count, FormationTimeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        await _relays.DisposeAsync();
        foreach (var file in _configFiles)
        {
            File.Delete(file);
        }
    }
}

using System.Globalization;
using System.Net;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using Akka.Configuration;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// Three broker nodes in this test process, each its own ActorSystem on 127.0.0.1 with an ephemeral cluster port:
/// the first starts the cluster, the other two name it as their seed. Ready when every node sees three members Up.
/// </summary>
public sealed class ThreeNodeCluster : IAsyncLifetime
{
    private static readonly TimeSpan FormationTimeout = TimeSpan.FromSeconds(60);
    private readonly List<BrokerNode> _nodes = [];

    /// <summary>The nodes, in start order (node 0 started the cluster).</summary>
    public IReadOnlyList<BrokerNode> Nodes => _nodes;

    /// <summary>The client endpoint of node <paramref name="index"/>.</summary>
    public IPEndPoint Endpoint(int index) => _nodes[index].Endpoint;

    public async ValueTask InitializeAsync()
    {
        _nodes.Add(await BrokerNode.StartAsync(NodeConfig(seed: null)));
        var seed = $"127.0.0.1:{_nodes[0].ClusterAddress!.Port!.Value.ToString(CultureInfo.InvariantCulture)}";
        _nodes.Add(await BrokerNode.StartAsync(NodeConfig(seed)));
        _nodes.Add(await BrokerNode.StartAsync(NodeConfig(seed)));
        await Eventually.HoldsAsync(() => _nodes.All(n => ClusterView.Of(n.System) is { MembersUp: 3, Unreachable: 0 }), FormationTimeout, "three members Up on every node");
    }

    public async ValueTask DisposeAsync()
    {
        // The joiners leave first so that the first node never waits for a missing majority.
        for (var i = _nodes.Count - 1; i >= 0; i--)
        {
            await _nodes[i].DisposeAsync();
        }
    }

    /// <summary>A cluster node's configuration: ephemeral ports, and a failure detector patient enough for a loaded 2-core machine.</summary>
    public static Config NodeConfig(string? seed) =>
        ConfigurationFactory.ParseString($$"""
            actor-rooms.cluster {
              enabled = on
              port = 0
              seed-nodes = [{{(seed is null ? string.Empty : $"\"{seed}\"")}}]
            }
            akka.cluster.failure-detector.acceptable-heartbeat-pause = 10s
            """).WithFallback(BrokerConfiguration.Load(port: 0));
}

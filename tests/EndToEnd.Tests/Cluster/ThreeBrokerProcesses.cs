using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// Three broker programs on loopback, started as docs/operations.md says (one seed list, itself included, on every
/// node), ready when each sees three members Up. Shared by the delivery specs of <see cref="ClusterProcessesCollection"/>.
/// </summary>
public sealed class ThreeBrokerProcesses : IAsyncLifetime
{
    private static readonly TimeSpan FormationTimeout = TimeSpan.FromSeconds(60);
    private readonly string _configFile = Path.Combine(Path.GetTempPath(), $"actorrooms-delivery-{Guid.NewGuid():N}.conf");
    private readonly List<BrokerProcessNode> _nodes = [];

    public IReadOnlyList<BrokerProcessNode> Nodes => _nodes;

    public async ValueTask InitializeAsync()
    {
        // A failure detector a little more patient than Akka's 3 s, so that a loaded 2-core test machine is not
        // mistaken for a dead node.
        await File.WriteAllTextAsync(_configFile, "akka.cluster.failure-detector.acceptable-heartbeat-pause = 5s\n");
        int[] ports = [FreePort.Next(), FreePort.Next(), FreePort.Next()];
        int[] clusterPorts = [FreePort.Next(), FreePort.Next(), FreePort.Next()];
        for (var i = 0; i < 3; i++)
        {
            _nodes.Add(await BrokerProcessNode.StartAsync(ports[i], clusterPorts[i], clusterPorts, _configFile));
        }

        foreach (var node in _nodes)
        {
            await node.WaitForMembersAsync(3, FormationTimeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        File.Delete(_configFile);
    }
}

/// <summary>The delivery specs share three broker programs and run alone (failure detectors on 2 cores).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterProcessesCollection : ICollectionFixture<ThreeBrokerProcesses>
{
    public const string Name = "cluster-processes";
}

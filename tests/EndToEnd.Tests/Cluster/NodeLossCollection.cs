namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// The node-kill spec runs alone as well, and apart from the in-process cluster (whose nodes would otherwise keep
/// gossiping on the same two cores while failure detectors judge the broker processes).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NodeLossCollection
{
    public const string Name = "cluster-node-loss";
}

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// Cluster tests run alone, after the parallel ones: failure detectors on a 2-core machine misjudge a busy node as
/// a dead one when other tests compete for the cores (shared AKKA-NOTES §6).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<ThreeNodeCluster>
{
    public const string Name = "cluster";
}

using System.Globalization;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using Akka.Configuration;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>Who may join: a broker node configured for another cluster is never admitted.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterAdmissionSpecs(ThreeNodeCluster cluster)
{
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Should_refuse_a_node_of_another_cluster_that_asks_to_join()
    {
        // A broker node of a cluster named differently, pointed at this cluster's first node by a wrong seed.
        var seed = $"127.0.0.1:{cluster.Nodes[0].ClusterAddress!.Port!.Value.ToString(CultureInfo.InvariantCulture)}";
        var config = ConfigurationFactory.ParseString("actor-rooms.cluster.name = \"rooms-staging\"").WithFallback(ThreeNodeCluster.NodeConfig(seed));
        await using var stranger = await BrokerNode.StartAsync(config);

        // Watched for a bounded time: it never becomes a member here, and forms no cluster with these nodes.
        var deadline = DateTime.UtcNow + Watch;
        while (DateTime.UtcNow < deadline)
        {
            Assert.Equal(3, ClusterView.Of(cluster.Nodes[0].System)!.Members);
            Assert.Equal(0, ClusterView.Of(stranger.System)!.Members);
            await Task.Delay(200);
        }

        Assert.Equal("rooms-staging", stranger.ClusterAddress!.System);
    }
}

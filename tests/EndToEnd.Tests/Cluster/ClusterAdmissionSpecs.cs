using ActorRooms.Broker.Cluster;
using Akka.Actor;
using Akka.Configuration;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>Who may join: a node configured for another cluster is turned away.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterAdmissionSpecs(ThreeNodeCluster cluster)
{
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Should_refuse_a_node_of_another_cluster_that_asks_to_join()
    {
        var config = ConfigurationFactory.ParseString("""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp.hostname = 127.0.0.1
            akka.remote.dot-netty.tcp.port = 0
            akka.loglevel = WARNING
            """);
        using var intruder = ActorSystem.Create("other-rooms", config);
        try
        {
            var target = cluster.Nodes[0].ClusterAddress!;
            using var giveUp = new CancellationTokenSource(Watch);
            var joining = Akka.Cluster.Cluster.Get(intruder).JoinAsync(target, giveUp.Token);

            // Watched for a bounded time: neither side ever counts the intruder as a member.
            var deadline = DateTime.UtcNow + Watch;
            while (DateTime.UtcNow < deadline)
            {
                Assert.Equal(3, ClusterView.Of(cluster.Nodes[0].System)!.Members);
                Assert.DoesNotContain(Akka.Cluster.Cluster.Get(intruder).State.Members, m => m.Address.Equals(target));
                await Task.Delay(200);
            }

            Assert.NotEqual(Akka.Cluster.MemberStatus.Up, Akka.Cluster.Cluster.Get(intruder).SelfMember.Status);
            await Assert.ThrowsAsync<Akka.Cluster.ClusterJoinFailedException>(() => joining);
        }
        finally
        {
            await intruder.Terminate();
        }
    }
}

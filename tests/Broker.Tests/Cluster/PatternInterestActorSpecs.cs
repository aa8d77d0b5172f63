using ActorRooms.Broker.Cluster;
using Akka.Actor;
using Akka.Configuration;

namespace ActorRooms.Broker.Tests.Cluster;

/// <summary>
/// A node's pattern interest actor in a one-node cluster: a change is in this node's table before it is acknowledged,
/// and the node's own first subscriber of a pattern is confirmed once every member (here, itself) has it.
/// </summary>
public sealed class PatternInterestActorSpecs : Akka.TestKit.Xunit.TestKit
{
    private static readonly Config OneNodeCluster = ConfigurationFactory.ParseString("""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        """);

    private readonly PatternInterestTable _table = new();

    public PatternInterestActorSpecs(ITestOutputHelper output)
        : base(OneNodeCluster, output: output)
    {
    }

    [Fact]
    public async Task Should_confirm_the_nodes_own_pattern_once_the_table_has_it_and_forget_it_when_removed()
    {
        var interest = await StartAsync();
        var registry = CreateTestProbe();

        interest.Tell(new AddPatternInterest("px.*"), registry.Ref);

        Assert.Equal(new PatternInterestConfirmed("px.*"), await registry.ExpectMsgAsync<PatternInterestConfirmed>(TimeSpan.FromSeconds(10)));
        Assert.Equal([registry.Ref], _table.Current.NodesMatching("px.eur"));
        interest.Tell(new RemovePatternInterest("px.*"), registry.Ref);
        await AwaitConditionAsync(() => Task.FromResult(_table.Current.NodesMatching("px.eur").Count == 0), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Should_apply_another_nodes_change_before_acknowledging_it()
    {
        var interest = await StartAsync();
        var peer = CreateTestProbe();
        var otherRegistry = CreateTestProbe().Ref;

        interest.Tell(new PatternInterestChanged(otherRegistry, "fx.?", Added: true, Id: 9), peer.Ref);

        Assert.Equal(new PatternInterestAck(9), await peer.ExpectMsgAsync<PatternInterestAck>());
        Assert.Equal([otherRegistry], _table.Current.NodesMatching("fx.1"));
    }

    [Fact]
    public async Task Should_take_a_whole_set_from_a_node_that_syncs()
    {
        var interest = await StartAsync();
        var otherRegistry = CreateTestProbe().Ref;
        interest.Tell(new PatternInterestChanged(otherRegistry, "old.*", Added: true, Id: 0));

        interest.Tell(new PatternInterestSync(otherRegistry, ["a.*", "b.*"]));
        interest.Tell(new PatternInterestChanged(otherRegistry, "c.*", Added: true, Id: 1));

        await ExpectMsgAsync<PatternInterestAck>();
        Assert.Equal(["a.*", "b.*", "c.*"], _table.Current.PatternsByNode[otherRegistry].Order());
    }

    private async Task<IActorRef> StartAsync()
    {
        var cluster = Akka.Cluster.Cluster.Get(Sys);
        using var upInTime = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await cluster.JoinAsync(cluster.SelfAddress, upInTime.Token);
        return Sys.ActorOf(PatternInterestActor.Props(_table, TimeSpan.FromSeconds(5)), PatternInterestActor.Name);
    }
}

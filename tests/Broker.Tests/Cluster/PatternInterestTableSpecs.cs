using ActorRooms.Broker.Cluster;
using Akka.Actor;

namespace ActorRooms.Broker.Tests.Cluster;

/// <summary>The node-wide table of which nodes hold which patterns.</summary>
public sealed class PatternInterestTableSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    [Fact]
    public void Should_list_the_nodes_holding_a_pattern_that_matches_a_room()
    {
        var table = new PatternInterestTable();
        var a = CreateTestProbe().Ref;
        var b = CreateTestProbe().Ref;

        table.Set(a, "px.*", holds: true);
        table.Set(b, "fx.?", holds: true);
        table.Set(b, "px.eur", holds: true);

        Assert.True(table.Current.NodesMatching("px.eur").ToHashSet().SetEquals([a, b])); // in no particular order
        Assert.Equal([b], table.Current.NodesMatching("fx.1"));
        Assert.Empty(table.Current.NodesMatching("other"));
    }

    [Fact]
    public void Should_change_its_version_with_every_change_and_not_for_a_repeated_one()
    {
        var table = new PatternInterestTable();
        var node = CreateTestProbe().Ref;

        table.Set(node, "p*", holds: true);
        var afterAdd = table.Current.Version;
        table.Set(node, "p*", holds: true);
        var afterRepeat = table.Current.Version;
        table.Set(node, "p*", holds: false);

        Assert.Equal(afterAdd, afterRepeat);
        Assert.True(table.Current.Version > afterAdd);
        Assert.Empty(table.Current.PatternsByNode);
    }

    [Fact]
    public void Should_replace_a_nodes_patterns_and_forget_every_node_of_an_address_that_left()
    {
        var table = new PatternInterestTable();
        var local = CreateTestProbe().Ref;
        var remote = new RemoteStandIn(new Address("akka.tcp", "actor-rooms", "127.0.0.1", 4054));
        table.Set(local, "a*", holds: true);
        table.Set(remote, "old*", holds: true);

        table.Replace(remote, ["b*", "c*"]);
        Assert.Equal(["b*", "c*"], table.Current.PatternsByNode[remote].Order());
        table.ForgetAddress(remote.Path.Address);

        Assert.Equal([local], table.Current.PatternsByNode.Keys);
    }

    /// <summary>An actor reference whose path is on another node (only its path is read).</summary>
    private sealed class RemoteStandIn(Address address) : MinimalActorRef
    {
        public override ActorPath Path { get; } = new RootActorPath(address) / "user" / "rooms";

        public override IActorRefProvider Provider => throw new NotSupportedException();
    }
}

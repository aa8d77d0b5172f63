using ActorRooms.Broker.Cluster;

namespace ActorRooms.Broker.Tests.Cluster;

/// <summary>The fence lets owners order only while their node reaches a strict majority of the members.</summary>
public sealed class OwnerFenceSpecs
{
    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(3, 0, true)]
    [InlineData(3, 1, true)] // the majority side of a three-node cluster that lost one
    [InlineData(3, 2, false)] // the node cut off from the other two
    [InlineData(2, 1, false)] // a tie is no majority: neither half orders until the resolver has decided
    [InlineData(5, 2, true)]
    [InlineData(5, 3, false)]
    [InlineData(0, 0, true)] // before the node has joined: nothing to be cut off from
    public void Should_let_owners_order_only_with_a_strict_majority_reachable(int members, int unreachable, bool mayOrder)
    {
        var fence = new OwnerFence();

        fence.Update(members, unreachable);

        Assert.Equal(mayOrder, fence.MayOrder);
    }

    [Fact]
    public void Should_report_only_changes()
    {
        var fence = new OwnerFence();

        Assert.False(fence.Update(3, 0));
        Assert.True(fence.Update(3, 2));
        Assert.False(fence.Update(3, 3));
        Assert.True(fence.Update(2, 0));
    }

    [Fact]
    public void Should_let_owners_of_a_node_with_others_order_only_while_its_lease_runs()
    {
        var fence = new OwnerFence();
        fence.Update(3, 0);
        Assert.True(fence.MayOrder); // no lease taken yet: a node that has never been answered is not cut off

        fence.Renew(Environment.TickCount64 + 60_000);
        Assert.True(fence.MayOrder);
        fence.Renew(Environment.TickCount64 - 1);
        Assert.False(fence.MayOrder);

        fence.Update(1, 0); // alone: no one to be cut off from
        Assert.True(fence.MayOrder);
    }
}

using Akka.Actor;

namespace ActorRooms.Broker.Cluster;

/// <summary>What INFO's cluster section shows: a snapshot of the membership as this node sees it.</summary>
public sealed record ClusterView(string SelfAddress, int MembersUp, int Members, int Unreachable, string? Leader)
{
    /// <summary>The view of <paramref name="system"/>'s cluster, or null when the node is not in cluster mode.</summary>
    public static ClusterView? Of(ActorSystem system)
    {
        if (((ExtendedActorSystem)system).Provider is not Akka.Cluster.ClusterActorRefProvider)
        {
            return null;
        }

        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        return new ClusterView(
            cluster.SelfAddress.ToString(),
            state.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up),
            state.Members.Count,
            state.Unreachable.Count,
            state.Leader?.ToString());
    }
}

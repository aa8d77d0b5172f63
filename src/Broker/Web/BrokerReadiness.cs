using ActorRooms.Broker.Cluster;
using Akka.Actor;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorRooms.Broker.Web;

/// <summary>
/// What <c>/health/live</c> and <c>/health/ready</c> answer: live while the ActorSystem runs; ready once the Redis
/// listener is bound and, in cluster mode, this node is Up in the cluster (a load balancer then sends it clients).
/// </summary>
public sealed class BrokerReadiness(Task listenerBound, ClusterSettings cluster, Func<ActorSystem?> system)
{
    /// <summary>True while the ActorSystem has not terminated.</summary>
    public bool Alive => system() is { WhenTerminated.IsCompleted: false };

    /// <summary>Healthy when ready, with the reason when not.</summary>
    public HealthCheckResult Check()
    {
        if (!Alive)
        {
            return HealthCheckResult.Unhealthy("the actor system has stopped");
        }

        if (!listenerBound.IsCompletedSuccessfully)
        {
            return HealthCheckResult.Unhealthy("the Redis-protocol listener is not bound yet");
        }

        if (cluster.Enabled && Akka.Cluster.Cluster.Get(system()!).SelfMember.Status != Akka.Cluster.MemberStatus.Up)
        {
            return HealthCheckResult.Unhealthy("this node is not Up in the cluster yet");
        }

        return HealthCheckResult.Healthy();
    }
}

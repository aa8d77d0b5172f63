using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Network.Routing;
using Akka.Actor;

namespace ActorRooms.Broker.Network.Session;

/// <summary>
/// What the parts of a connection ask of the connection actor that owns them, in the same turn: its own reference,
/// its lifecycle (close, pause for a failed AUTH, shed a slow consumer) and a flush of the output.
/// </summary>
public interface IConnectionHost : IActorWatcher
{
    /// <summary>The connection actor, the sender of everything its parts send.</summary>
    IActorRef Self { get; }

    /// <summary>Stop taking commands; close once every earlier reply has been written.</summary>
    void RequestClose();

    /// <summary>Moves finished replies to the output, writes, and decides about closing and the next read.</summary>
    void Flush();

    /// <summary>Runs no further command until <paramref name="delay"/> has passed (a failed AUTH).</summary>
    void PauseForFailedAuth(TimeSpan delay);

    /// <summary>Applies the slow-consumer policy: tells the client why, drops its output and closes it.</summary>
    void ShedSlowConsumer(string reason);

    /// <summary>The cluster as this node sees it, or null on a single node (INFO's cluster section).</summary>
    ClusterView? CurrentClusterView();
}

using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.PubSub;
using ActorRooms.Broker.Rooms;
using Akka.Actor;

namespace ActorRooms.Broker.Network.Routing;

/// <summary>A request to a room awaiting its answer, where it was sent, and what waits for the answer.</summary>
public sealed class RoomRequest(IRoomCommand message, IActorRef target, AwaitedReply? reply, PendingPublish? publish)
{
    public IRoomCommand Message { get; } = message;

    /// <summary>The room's actor, or the registry when the room's actor was not known.</summary>
    public IActorRef Target { get; set; } = target;

    /// <summary>The reply that waits for this answer, if any.</summary>
    public AwaitedReply? Reply { get; } = reply;

    /// <summary>The publish batch this request carries, if any.</summary>
    public PendingPublish? Publish { get; } = publish;
}

using Akka.Actor;

namespace ActorRooms.Clients.Tests.Support;

/// <summary>
/// Stands in for a client's <c>RedisConnectionActor</c> child: forwards everything its parent (the pump or reader
/// under test) sends to a probe, keeping the parent as sender, so the test sees what would have gone to the socket.
/// </summary>
internal sealed class ForwardingConnection : ReceiveActor
{
    public ForwardingConnection(IActorRef probe) => ReceiveAny(message => probe.Forward(message));

    public static Props Props(IActorRef probe) => Akka.Actor.Props.Create(() => new ForwardingConnection(probe));
}

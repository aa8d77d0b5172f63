using Akka.Actor;

namespace ActorRooms.Broker.Network.Routing;

/// <summary>Death watch on behalf of the connection actor (plain classes cannot reach its context themselves).</summary>
public interface IActorWatcher
{
    void Watch(IActorRef actor);

    void Unwatch(IActorRef actor);
}

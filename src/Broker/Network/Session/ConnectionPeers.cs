using Akka.Actor;

namespace ActorRooms.Broker.Network.Session;

/// <summary>Where a connection's parts send: the room registry, the client directory and the users actor.</summary>
/// <param name="Rooms">The room registry.</param>
/// <param name="Clients">The client directory (CLIENT LIST / KILL).</param>
/// <param name="Users">The actor that reloads users (ACL LOAD), or Nobody.</param>
public sealed record ConnectionPeers(IActorRef Rooms, IActorRef Clients, IActorRef Users);

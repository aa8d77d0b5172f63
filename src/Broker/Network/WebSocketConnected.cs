using System.Net;

namespace ActorRooms.Broker.Network;

/// <summary>
/// A WebSocket's actor announcing itself to the <c>tcp-listener</c>, as Akka.IO's connection does with
/// <c>Tcp.Connected</c>: the listener starts the same <see cref="ClientConnectionActor"/>, but one that leaves the
/// byte counters (INFO's <c>total_net_*_bytes</c>, <c>actorrooms.network.*</c>) to the WebSocket side, which counts the
/// frames that really cross the socket rather than the RESP they become.
/// </summary>
public sealed record WebSocketConnected(EndPoint RemoteAddress, EndPoint LocalAddress);

using Akka.Actor;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// What a node's rooms need to take part in a cluster: the shard region that reaches every room's owner, this
/// node's <see cref="PatternInterestActor"/>, and how long to wait for an owner. Absent on a single node, where each
/// room actor is its own owner.
/// </summary>
public sealed record RoomClusterLink(IActorRef OwnerRegion, IActorRef PatternInterest, TimeSpan OwnerAckTimeout);

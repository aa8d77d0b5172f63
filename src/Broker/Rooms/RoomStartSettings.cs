using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Stats;
using Akka.Actor;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// What every room of a registry starts with: its idle stop period, the broker's counters, the room feature limits,
/// the cluster link (null on a single node) and the deployment (which carries the room mailbox). One instance is
/// shared by all rooms, so each room's props keep only its name and matching patterns besides it.
/// </summary>
public sealed record RoomStartSettings(TimeSpan IdleStopAfter, BrokerCounters Counters, RoomFeatureSettings Features, RoomClusterLink? Cluster, Deploy Deploy);

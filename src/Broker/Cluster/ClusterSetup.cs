using ActorRooms.Broker.Hosting;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// Adds cluster mode to a broker node's Akka.Hosting builder: remoting on the configured address, Akka.Cluster
/// (with the split-brain resolver from hocon/cluster.conf), the room owners' shard region, the node's pattern interest
/// actor, the fence that stops its owners ordering while the node is cut off from the majority, and the serializer for
/// the messages between nodes.
/// </summary>
public static class ClusterSetup
{
    /// <summary>The shard region's name (and its key in the ActorRegistry).</summary>
    public const string OwnerRegionName = "room-owners";

    /// <summary>Configures cluster mode on <paramref name="builder"/>.</summary>
    public static AkkaConfigurationBuilder WithActorRoomsCluster(this AkkaConfigurationBuilder builder, ClusterSettings settings, RoomFeatureSettings roomFeatures)
    {
        var patternInterest = new PatternInterestTable();
        var fence = new OwnerFence();
        return builder
            .WithCustomSerializer("actor-rooms-cluster", [typeof(IClusterMessage)], system => new ClusterMessageSerializer(system))
            .WithRemoting(new RemoteOptions
            {
                HostName = settings.Hostname,
                PublicHostName = settings.PublicHostname,
                Port = settings.Port,
                PublicPort = settings.PublicPort,
            })
            .WithClustering(new ClusterOptions
            {
                Roles = [ClusterSettings.Role],
                SeedNodes = settings.SeedAddresses.ToArray(),
            })
            .WithShardRegion<RoomOwnerActor>(
                OwnerRegionName,
                room => RoomOwnerActor.Props(room, roomFeatures, patternInterest, fence, settings.OwnerPassivateAfter),
                new RoomOwnerMessageExtractor(settings.Shards),
                new ShardOptions
                {
                    Role = ClusterSettings.Role,
                    StateStoreMode = StateStoreMode.DData,
                    RememberEntities = false,
                })
            .WithActors((system, registry) =>
            {
                registry.Register<PatternInterestActor>(system.ActorOf(PatternInterestActor.Props(patternInterest, settings.OwnerAckTimeout), PatternInterestActor.Name));
                system.ActorOf(OwnerFenceActor.Props(fence, OwnerFenceActor.LeaseFrom(system.Settings.Config)), OwnerFenceActor.Name);
            })
            .AddStartup((system, _) =>
            {
                // With no seed nodes this node starts a new cluster: it joins itself (seed lists cannot name a
                // node whose port is chosen at start).
                if (settings.SeedNodes.Count == 0)
                {
                    var cluster = Akka.Cluster.Cluster.Get(system);
                    cluster.Join(cluster.SelfAddress);
                }
            });
    }

    /// <summary>The link a node's rooms use, once the actor system runs.</summary>
    public static RoomClusterLink Link(IActorRegistry registry, ClusterSettings settings) =>
        new(registry.Get<RoomOwnerActor>(), registry.Get<PatternInterestActor>(), settings.OwnerAckTimeout);
}

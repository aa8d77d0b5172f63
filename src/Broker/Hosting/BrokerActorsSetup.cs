using System.Net;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.ClientDirectory;
using ActorRooms.Broker.Network;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Security;
using ActorRooms.Broker.Stats;
using ActorRooms.Broker.Tls;
using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;

namespace ActorRooms.Broker.Hosting;

/// <summary>
/// Adds a broker node to an Akka.Hosting builder: the HOCON, the <c>rooms</c>, <c>clients</c> and <c>tcp-listener</c>
/// actors (registered in the ActorRegistry; with TLS also the <c>tls-listener</c> and <c>tls-certificates</c>), and
/// the coordinated-shutdown steps that stop accepting, then flush and close every connection within the grace period.
/// In cluster mode (see <see cref="ClusterSetup"/>) the rooms are linked to the room owners and to the node's pattern
/// interest actor.
/// </summary>
public static class BrokerActorsSetup
{
    /// <summary>
    /// The coordinated-shutdown phase that closes the connections may last as long as their close waits (the grace and
    /// a second): Akka's default of 5 s would end the phase first whenever <c>shutdown-grace</c> is 4 s or more, and
    /// the actor system would then reset connections that were still draining.
    /// </summary>
    public static Config CloseConnectionsPhaseTimeout(BrokerSettings settings) =>
        ConfigurationFactory.ParseString(
            $"akka.coordinated-shutdown.phases.{CoordinatedShutdown.PhaseServiceRequestsDone}.timeout = {(long)(settings.ShutdownGrace + TimeSpan.FromSeconds(2)).TotalMilliseconds}ms");

    /// <summary>
    /// Configures the broker on <paramref name="builder"/>; <paramref name="bound"/> completes with the plain-text
    /// listening address and <paramref name="tlsBound"/> with the TLS one, or fails when binding fails (a port that is
    /// off completes nothing).
    /// </summary>
    public static AkkaConfigurationBuilder WithActorRoomsBroker(
        this AkkaConfigurationBuilder builder,
        Config config,
        BrokerSettings settings,
        BrokerCounters counters,
        TaskCompletionSource<EndPoint> bound,
        ClusterSettings? cluster = null,
        TaskCompletionSource<EndPoint>? tlsBound = null)
    {
        builder.AddHocon(CloseConnectionsPhaseTimeout(settings).WithFallback(config), HoconAddMode.Prepend);
        if (cluster is { Enabled: true })
        {
            builder.WithActorRoomsCluster(cluster, settings.RoomFeatures);
        }

        return builder
            .WithActors((system, registry) =>
            {
                var link = cluster is { Enabled: true } ? ClusterSetup.Link(registry, cluster) : null;
                var rooms = system.ActorOf(RoomRegistryActor.Props(settings.RoomIdleStopAfter, counters, settings.RoomFeatures, link), "rooms");
                var clients = system.ActorOf(ClientDirectoryActor.Props(), "clients");
                var users = system.ActorOf(UsersActor.Props(settings), "users");
                registry.Register<RoomRegistryActor>(rooms);
                registry.Register<ClientDirectoryActor>(clients);
                registry.Register<UsersActor>(users);
                var listeners = new List<IActorRef>();
                if (settings.Tls.PlainText)
                {
                    var listener = system.ActorOf(ListenerActor.Props(settings, rooms, clients, users, counters, bound), "tcp-listener");
                    registry.Register<ListenerActor>(listener);
                    listeners.Add(listener);
                }

                if (settings.Tls.Enabled)
                {
                    registry.Register<TlsCertificatesActor>(system.ActorOf(TlsCertificatesActor.Props(settings.Tls), "tls-certificates"));
                    var tlsListener = system.ActorOf(ListenerActor.Props(settings, rooms, clients, users, counters, tlsBound ?? new(), settings.Tls), "tls-listener");
                    listeners.Add(tlsListener);
                    if (!settings.Tls.PlainText)
                    {
                        // TLS only: WebSockets (an HTTP port asked for explicitly) are handed to the TLS listener.
                        registry.Register<ListenerActor>(tlsListener);
                    }
                }

                var shutdown = CoordinatedShutdown.Get(system);
                shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-accepting", async () =>
                {
                    await Task.WhenAll(listeners.Select(l => l.Ask<Done>(ListenerActor.StopAccepting.Instance, TimeSpan.FromSeconds(5))));
                    return Done.Instance;
                });
                shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "close-connections", async () =>
                {
                    try
                    {
                        var grace = settings.ShutdownGrace + TimeSpan.FromSeconds(1);
                        await Task.WhenAll(listeners.Select(l => l.Ask<Done>(ListenerActor.CloseAllConnections.Instance, grace)));
                        return Done.Instance;
                    }
                    catch (AskTimeoutException)
                    {
                        // Past the grace period the remaining connections are stopped with the actor system.
                        return Done.Instance;
                    }
                });
            });
    }
}

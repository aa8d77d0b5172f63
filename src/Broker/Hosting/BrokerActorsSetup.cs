using System.Net;
using ActorRooms.Broker.Clients;
using ActorRooms.Broker.Network;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Stats;
using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;

namespace ActorRooms.Broker.Hosting;

/// <summary>
/// Adds a broker node to an Akka.Hosting builder: the HOCON, the <c>rooms</c>, <c>clients</c> and <c>tcp-listener</c>
/// actors (registered in the ActorRegistry), and the coordinated-shutdown steps that stop accepting, then flush and
/// close every connection within the grace period.
/// </summary>
public static class BrokerActorsSetup
{
    /// <summary>Configures the broker on <paramref name="builder"/>; <paramref name="bound"/> completes with the listening address, or fails when binding fails.</summary>
    public static AkkaConfigurationBuilder WithActorRoomsBroker(
        this AkkaConfigurationBuilder builder,
        Config config,
        BrokerSettings settings,
        BrokerCounters counters,
        TaskCompletionSource<EndPoint> bound)
    {
        return builder
            .AddHocon(config, HoconAddMode.Prepend)
            .WithActors((system, registry) =>
            {
                var rooms = system.ActorOf(RoomRegistryActor.Props(settings.RoomIdleStopAfter, counters, settings.RoomFeatures), "rooms");
                var clients = system.ActorOf(ClientDirectoryActor.Props(), "clients");
                var listener = system.ActorOf(ListenerActor.Props(settings, rooms, clients, counters, bound), "tcp-listener");
                registry.Register<RoomRegistryActor>(rooms);
                registry.Register<ClientDirectoryActor>(clients);
                registry.Register<ListenerActor>(listener);

                var shutdown = CoordinatedShutdown.Get(system);
                shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-accepting", () =>
                    listener.Ask<Done>(ListenerActor.StopAccepting.Instance, TimeSpan.FromSeconds(5)));
                shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "close-connections", async () =>
                {
                    try
                    {
                        return await listener.Ask<Done>(ListenerActor.CloseAllConnections.Instance, settings.ShutdownGrace + TimeSpan.FromSeconds(1));
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

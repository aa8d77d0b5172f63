using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Network;
using ActorRooms.Broker.Stats;
using ActorRooms.Broker.Web.Metrics;
using Akka.Hosting;

namespace ActorRooms.Broker.Web.WebSockets;

/// <summary>Adds the <c>web-sockets</c> actor (after the broker's actors: it hands each socket to the <c>tcp-listener</c>).</summary>
public static class WebSocketsSetup
{
    public static AkkaConfigurationBuilder WithWebSockets(this AkkaConfigurationBuilder builder, BrokerSettings settings, BrokerCounters counters, WebCounters web) =>
        builder.WithActors((system, registry) =>
        {
            var listener = registry.Get<ListenerActor>();
            var acceptor = system.ActorOf(WebSocketAcceptorActor.Props(listener, counters, web, MaxMessageBytes(settings)), "web-sockets");
            registry.Register<WebSocketAcceptorActor>(acceptor);
        });

    /// <summary>The largest WebSocket message: room for a payload of <c>protocol.max-bulk-length</c> in base64, plus 64 KiB of JSON around it.</summary>
    public static int MaxMessageBytes(BrokerSettings settings) =>
        (int)Math.Min(int.MaxValue - 1, (settings.Limits.MaxBulkLength * 4 / 3) + (64 * 1024));
}

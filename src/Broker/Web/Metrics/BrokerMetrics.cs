using System.Diagnostics.Metrics;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Stats;
using Akka.Actor;

namespace ActorRooms.Broker.Web.Metrics;

/// <summary>
/// The broker's figures as <see cref="System.Diagnostics.Metrics"/> instruments on the <c>ActorRooms.Broker</c> meter,
/// so <c>dotnet-counters monitor --counters ActorRooms.Broker</c> shows them and OpenTelemetry exports them
/// (<c>/metrics</c>, OTLP). Every instrument is observable: it reads the counters INFO already keeps when a collector
/// asks, so the publish and delivery paths pay nothing for metrics. No per-room tags: a broker can have millions of
/// rooms; ROOM.INFO gives one room's figures.
/// </summary>
public sealed class BrokerMetrics : IDisposable
{
    /// <summary>The meter's name, for <c>AddMeter</c> and dotnet-counters.</summary>
    public const string MeterName = "ActorRooms.Broker";

    private readonly Meter _meter;

    /// <param name="meter">This broker's meter (<see cref="CreateMeter"/>); the exporter keeps only its instruments.</param>
    /// <param name="c">The broker's counters, read at each scrape.</param>
    /// <param name="web">The WebSocket front door's counters.</param>
    /// <param name="system">The actor system, once started (cluster membership figures).</param>
    public BrokerMetrics(Meter meter, BrokerCounters c, WebCounters web, Func<ActorSystem?> system)
    {
        _meter = meter;
        _meter.CreateObservableUpDownCounter("actorrooms.connections", () => new Measurement<long>[]
        {
            new(Math.Max(0, c.ConnectedClients - web.WebSockets), new KeyValuePair<string, object?>("transport", "tcp")),
            new(web.WebSockets, new KeyValuePair<string, object?>("transport", "websocket")),
        }, "{connection}", "Open client connections, by transport (TCP: Redis protocol; WebSocket: /ws)");
        Counter("actorrooms.connections.accepted", () => c.TotalConnectionsReceived - c.RejectedConnections, "{connection}", "Connections accepted since start");
        Counter("actorrooms.connections.rejected", () => c.RejectedConnections, "{connection}", "Connections refused past max-clients or while shutting down");
        Counter("actorrooms.messages.published", () => c.MessagesPublished, "{message}", "Messages published (PUBLISH, ROOM.PUBLISH, WebSocket publish)");
        Counter("actorrooms.messages.delivered", () => c.MessagesDelivered, "{message}", "Messages delivered: each message once per receiving subscription");
        Counter("actorrooms.network.received", () => c.NetInputBytes, "By", "Bytes read from clients (WebSocket: the frames of its messages, headers included)");
        Counter("actorrooms.network.sent", () => c.NetOutputBytes, "By", "Bytes written to clients (WebSocket: the frames of its messages, headers included)");
        Counter("actorrooms.commands.processed", () => c.TotalCommandsProcessed, "{command}", "Commands run");
        Counter("actorrooms.slow_consumers.disconnected", () => c.SlowConsumerDisconnections, "{connection}", "Connections closed by the slow-consumer policy");
        Counter("actorrooms.room_feed.dropped", () => c.RoomMessagesDropped, "{message}", "Room messages drop-oldest feeds dropped (each told in a roomgap notice)");
        Counter("actorrooms.room_feed.conflated", () => c.RoomMessagesConflated, "{message}", "Room messages replaced by a newer one of the same key (conflate, MAXRATE)");
        Gauge("actorrooms.room_feed.backlog", () => c.RoomBacklogBytes, "By", "Payload bytes room feeds keep while their connections are behind");
        Gauge("actorrooms.rooms", () => c.ActiveChannels, "{room}", "Rooms with at least one SUBSCRIBE member (INFO pubsub_channels)");
        Gauge("actorrooms.patterns", () => c.ActivePatterns, "{pattern}", "Patterns with at least one PSUBSCRIBE member (INFO pubsub_patterns)");
        Gauge("actorrooms.output.held", () => c.OutputHeldBytes, "By", "Output bytes all connections hold (queued or being written)");
        Counter("actorrooms.protocol_errors", () => c.ProtocolErrors, "{error}", "Malformed requests (RESP protocol errors, bad WebSocket JSON)");
        Counter("actorrooms.auth.failures", () => c.AuthFailures, "{attempt}", "Failed AUTH / HELLO AUTH / WebSocket auth");
        Counter("actorrooms.auth.denied", () => c.ChannelAccessDenied, "{command}", "Commands refused with NOPERM for a room");
        Counter("actorrooms.cluster.batches_unconfirmed", () => c.ClusterBatchesUnconfirmed, "{batch}", "Cluster mode: publish batches answered without their room owner's acknowledgement");
        _meter.CreateObservableUpDownCounter("actorrooms.cluster.members", () => ClusterMembers(system()), "{node}", "Cluster mode: members this node sees, by status (up, unreachable)");
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>A new meter named <see cref="MeterName"/>: one per broker, so a process hosting several brokers (the tests) exports each broker's own figures.</summary>
    public static Meter CreateMeter() => new(MeterName, typeof(BrokerMetrics).Assembly.GetName().Version?.ToString());

    private static IEnumerable<Measurement<long>> ClusterMembers(ActorSystem? system)
    {
        if (system is null || ClusterView.Of(system) is not { } view)
        {
            return [];
        }

        return
        [
            new(view.MembersUp, new KeyValuePair<string, object?>("status", "up")),
            new(view.Unreachable, new KeyValuePair<string, object?>("status", "unreachable")),
        ];
    }

    private void Counter(string name, Func<long> read, string unit, string description) =>
        _meter.CreateObservableCounter(name, read, unit, description);

    private void Gauge(string name, Func<long> read, string unit, string description) =>
        _meter.CreateObservableUpDownCounter(name, read, unit, description);
}

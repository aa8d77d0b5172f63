using System.Net;
using System.Net.WebSockets;
using ActorRooms.Broker.Stats;
using ActorRooms.Broker.Web.Metrics;
using Akka.Actor;
using Akka.Event;

namespace ActorRooms.Broker.Web.WebSockets;

/// <summary>
/// The <c>web-sockets</c> actor: starts one <see cref="WebSocketConnectionActor"/> per accepted WebSocket and counts
/// the live ones (the connections-by-transport metric). The broker connection behind each is the listener's, like
/// any TCP client's, so <c>max-clients</c>, CLIENT LIST, CLIENT KILL and shutdown cover WebSockets too.
/// </summary>
public sealed class WebSocketAcceptorActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _next;

    public WebSocketAcceptorActor(IActorRef listener, BrokerCounters counters, WebCounters web, int maxMessageBytes)
    {
        Receive<AcceptWebSocket>(accept =>
        {
            var connection = Context.ActorOf(
                WebSocketConnectionActor.Props(accept.Socket, listener, accept.Remote, accept.Local, counters, maxMessageBytes, accept.Finished),
                $"ws-{++_next}");
            Context.Watch(connection);
            web.WebSocketOpened();
        });
        Receive<Terminated>(_ => web.WebSocketClosed());
    }

    public static Props Props(IActorRef listener, BrokerCounters counters, WebCounters web, int maxMessageBytes) =>
        Akka.Actor.Props.Create(() => new WebSocketAcceptorActor(listener, counters, web, maxMessageBytes));

    // One socket's failure ends that socket only.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _log.Error(e, "A WebSocket connection failed; closing that connection only");
        return Directive.Stop;
    });
}

/// <summary>An HTTP request was upgraded to a WebSocket; <paramref name="Finished"/> completes when the broker is done with it.</summary>
public sealed record AcceptWebSocket(WebSocket Socket, EndPoint Remote, EndPoint Local, TaskCompletionSource Finished);

using System.Net;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Security;
using ActorRooms.Broker.Stats;
using ActorRooms.Broker.Tls;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Broker.Network;

/// <summary>
/// The <c>tcp-listener</c> actor: binds the Redis-protocol port through the Akka.IO TCP manager in pull mode and
/// starts one <see cref="ClientConnectionActor"/> per accepted socket, or refuses it past <c>max-clients</c>.
/// At shutdown it refuses newcomers, lets every connection flush and close, and only then unbinds the port. It keeps
/// the user set in force and passes a reloaded one to every connection. The <c>tls-listener</c> is the same actor on
/// the TLS port: each accepted socket gets a <see cref="TlsConnectionActor"/> between it and its connection actor,
/// with the TLS settings in force when it was accepted (a certificate reload, <see cref="TlsCertificatesChanged"/>,
/// affects later ones only).
/// </summary>
public sealed class ListenerActor : ReceiveActor
{
    private readonly BrokerSettings _settings;
    private readonly IActorRef _rooms;
    private readonly IActorRef _clients;
    private readonly BrokerCounters _counters;
    private readonly TaskCompletionSource<EndPoint> _bound;
    private readonly IActorRef _users;
    private TlsSettings? _tls;
    private UserDirectory _userDirectory;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<IActorRef> _connections = [];
    private readonly List<IActorRef> _waitingForClose = [];
    private IActorRef? _tcpListener;
    private bool _shuttingDown;

    public ListenerActor(BrokerSettings settings, IActorRef rooms, IActorRef clients, IActorRef users, BrokerCounters counters, TaskCompletionSource<EndPoint> bound, TlsSettings? tls = null)
    {
        _tls = tls;
        _users = users;
        _userDirectory = settings.Security.Users;
        _settings = settings;
        _rooms = rooms;
        _clients = clients;
        _counters = counters;
        _bound = bound;

        Receive<Tcp.Bound>(bound =>
        {
            _tcpListener = Sender;
            _log.Info("ActorRooms broker listening on {0}{1}", bound.LocalAddress, _tls is null ? string.Empty : " (TLS)");
            _bound.TrySetResult(bound.LocalAddress);
        });
        Receive<Tcp.CommandFailed>(failed => failed.Cmd is Tcp.Bind, failed =>
        {
            var endpoint = Endpoint;
            // The listener stays, with nothing to serve, so that shutdown finds it and finishes at once.
            _shuttingDown = true;
            _bound.TrySetException(new InvalidOperationException(
                $"Cannot listen on {endpoint} ({failed.CauseString.Trim()}). Is another server using the port? Choose another with {(_tls is null ? "--port" : "--tls-port")}."));
        });
        Receive<Tcp.Connected>(connected => Accept(connected.RemoteAddress, connected.LocalAddress, countsWireBytes: true));
        Receive<WebSocketConnected>(connected => Accept(connected.RemoteAddress, connected.LocalAddress, countsWireBytes: false));
        Receive<TlsCertificatesChanged>(changed => _tls = changed.Settings);
        Receive<UsersChanged>(changed =>
        {
            // Connections accepted from now on start with the new users; the live ones re-check theirs.
            _userDirectory = changed.Users;
            foreach (var connection in _connections)
            {
                connection.Tell(changed);
            }
        });
        Receive<Terminated>(terminated =>
        {
            if (_connections.Remove(terminated.ActorRef))
            {
                _counters.AddConnectedClients(-1);
            }

            ReportClosedIfDone();
        });
        Receive<StopAccepting>(_ =>
        {
            // The port stays bound until the open connections have closed: in Akka.IO 1.5.7x the accepted connections
            // are children of its listener, and unbinding stops them, which resets every socket still open (a
            // subscriber would lose what is queued for it and see ECONNRESET instead of an end of stream). Until then
            // a newcomer is answered with an error and closed.
            _shuttingDown = true;
            _log.Info("Refusing new connections; closing the {0} open ones", _connections.Count);
            Sender.Tell(Done.Instance);
        });
        Receive<Tcp.Unbound>(_ => _log.Info("Stopped listening"));
        Receive<CloseAllConnections>(_ =>
        {
            _shuttingDown = true;
            _waitingForClose.Add(Sender);
            foreach (var connection in _connections)
            {
                connection.Tell(ShutdownConnection.Instance);
            }

            ReportClosedIfDone();
        });
    }

    /// <summary>Props of the listener on the plain-text port, or on the TLS port when <paramref name="tls"/> is given.</summary>
    public static Props Props(BrokerSettings settings, IActorRef rooms, IActorRef clients, IActorRef users, BrokerCounters counters, TaskCompletionSource<EndPoint> bound, TlsSettings? tls = null) =>
        Akka.Actor.Props.Create(() => new ListenerActor(settings, rooms, clients, users, counters, bound, tls));

    private IPEndPoint Endpoint => new(_settings.Bind, _tls?.Port ?? _settings.Port);

    // A connection that fails is stopped (its socket aborted) and only that client is affected.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _log.Error(e, "A client connection failed; closing that connection only");
        return Directive.Stop;
    });

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(UsersChanged));
        if (_tls is not null)
        {
            Context.System.EventStream.Subscribe(Self, typeof(TlsCertificatesChanged));
        }

        Context.System.Tcp().Tell(new Tcp.Bind(Self, Endpoint, _settings.Backlog, pullMode: true));
    }

    private void Accept(EndPoint remoteAddress, EndPoint localAddress, bool countsWireBytes)
    {
        var id = _counters.NextClientId();
        // On the TLS port the connection actor talks to the TLS stage as it would to Akka.IO's connection. A WebSocket
        // handed to the TLS listener (a TLS-only broker) comes already framed by the HTTP listener: no TLS stage.
        var tlsStage = _tls is not null && countsWireBytes;
        var socket = tlsStage ? Context.ActorOf(TlsConnectionActor.Props(Sender, _tls!, remoteAddress), $"tls-{id}") : Sender;
        if (_shuttingDown || _counters.ConnectedClients >= _settings.MaxClients)
        {
            _counters.ConnectionRejected();
            _log.Warning("Refusing connection from {0}: {1}", remoteAddress, _shuttingDown ? "shutting down" : "max number of clients reached");
            Context.ActorOf(RejectedConnectionActor.Props(socket, _shuttingDown ? "ERR the broker is shutting down" : "ERR max number of clients reached"), $"rejected-{id}");
            return;
        }

        var connection = Context.ActorOf(
            ClientConnectionActor.Props(socket, id, remoteAddress, localAddress, _settings, _rooms, _clients, _counters, _users, _userDirectory, countsWireBytes),
            $"client-{id}");
        if (tlsStage)
        {
            // The TLS stage learns its handler now, not only from the handler's own Register: a handshake that fails
            // before the connection actor has started must still reach it, or it would wait forever.
            socket.Tell(new Tcp.Register(connection, keepOpenOnPeerClosed: true, useResumeWriting: false));
        }

        Context.Watch(connection);
        _connections.Add(connection);
        _counters.ConnectionAccepted();
        _counters.AddConnectedClients(1);
    }

    private void ReportClosedIfDone()
    {
        if (_connections.Count > 0 || _waitingForClose.Count == 0)
        {
            return;
        }

        // Every connection has closed: only now can the port go without resetting one (see StopAccepting).
        _tcpListener?.Tell(Tcp.Unbind.Instance);
        _tcpListener = null;
        foreach (var waiting in _waitingForClose)
        {
            waiting.Tell(Done.Instance);
        }

        _waitingForClose.Clear();
    }

    /// <summary>Refuse new connections (the port is unbound once the open ones have closed); answered with <see cref="Done"/>.</summary>
    public sealed class StopAccepting
    {
        public static StopAccepting Instance { get; } = new();

        private StopAccepting()
        {
        }
    }

    /// <summary>Ask every connection to flush and close; answered with <see cref="Done"/> once all have stopped.</summary>
    public sealed class CloseAllConnections
    {
        public static CloseAllConnections Instance { get; } = new();

        private CloseAllConnections()
        {
        }
    }
}

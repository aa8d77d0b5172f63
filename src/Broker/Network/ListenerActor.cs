using System.Net;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Security;
using ActorRooms.Broker.Stats;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Broker.Network;

/// <summary>
/// The <c>tcp-listener</c> actor: binds the Redis-protocol port through the Akka.IO TCP manager in pull mode and
/// starts one <see cref="ClientConnectionActor"/> per accepted socket, or refuses it past <c>max-clients</c>.
/// At shutdown it stops accepting and lets every connection flush and close. It keeps the user set in force and
/// passes a reloaded one to every connection.
/// </summary>
public sealed class ListenerActor : ReceiveActor
{
    private readonly BrokerSettings _settings;
    private readonly IActorRef _rooms;
    private readonly IActorRef _clients;
    private readonly BrokerCounters _counters;
    private readonly TaskCompletionSource<EndPoint> _bound;
    private readonly IActorRef _users;
    private UserDirectory _userDirectory;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<IActorRef> _connections = [];
    private readonly List<IActorRef> _waitingForClose = [];
    private IActorRef? _tcpListener;
    private long _nextClientId;
    private bool _shuttingDown;

    public ListenerActor(BrokerSettings settings, IActorRef rooms, IActorRef clients, IActorRef users, BrokerCounters counters, TaskCompletionSource<EndPoint> bound)
    {
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
            _log.Info("ActorRooms broker listening on {0}", bound.LocalAddress);
            _bound.TrySetResult(bound.LocalAddress);
        });
        Receive<Tcp.CommandFailed>(failed => failed.Cmd is Tcp.Bind, failed =>
        {
            var endpoint = new IPEndPoint(_settings.Bind, _settings.Port);
            // The listener stays, with nothing to serve, so that shutdown finds it and finishes at once.
            _shuttingDown = true;
            _bound.TrySetException(new InvalidOperationException(
                $"Cannot listen on {endpoint} ({failed.CauseString.Trim()}). Is another server using the port? Choose another with --port."));
        });
        Receive<Tcp.Connected>(Accept);
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
            _connections.Remove(terminated.ActorRef);
            _counters.SetConnectedClients(_connections.Count);
            ReportClosedIfDone();
        });
        Receive<StopAccepting>(_ =>
        {
            _shuttingDown = true;
            _tcpListener?.Tell(Tcp.Unbind.Instance);
            Sender.Tell(Done.Instance);
        });
        Receive<Tcp.Unbound>(_ => _log.Info("Stopped accepting connections"));
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

    public static Props Props(BrokerSettings settings, IActorRef rooms, IActorRef clients, IActorRef users, BrokerCounters counters, TaskCompletionSource<EndPoint> bound) =>
        Akka.Actor.Props.Create(() => new ListenerActor(settings, rooms, clients, users, counters, bound));

    // A connection that fails is stopped (its socket aborted) and only that client is affected.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _log.Error(e, "A client connection failed; closing that connection only");
        return Directive.Stop;
    });

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(UsersChanged));
        var endpoint = new IPEndPoint(_settings.Bind, _settings.Port);
        Context.System.Tcp().Tell(new Tcp.Bind(Self, endpoint, _settings.Backlog, pullMode: true));
    }

    private void Accept(Tcp.Connected connected)
    {
        var id = ++_nextClientId;
        if (_shuttingDown || _connections.Count >= _settings.MaxClients)
        {
            _counters.ConnectionRejected();
            _log.Warning("Refusing connection from {0}: {1}", connected.RemoteAddress, _shuttingDown ? "shutting down" : "max number of clients reached");
            Context.ActorOf(RejectedConnectionActor.Props(Sender, "ERR max number of clients reached"), $"rejected-{id}");
            return;
        }

        var connection = Context.ActorOf(
            ClientConnectionActor.Props(Sender, id, connected.RemoteAddress, connected.LocalAddress, _settings, _rooms, _clients, _counters, _users, _userDirectory),
            $"client-{id}");
        Context.Watch(connection);
        _connections.Add(connection);
        _counters.ConnectionAccepted();
        _counters.SetConnectedClients(_connections.Count);
    }

    private void ReportClosedIfDone()
    {
        if (_connections.Count > 0 || _waitingForClose.Count == 0)
        {
            return;
        }

        foreach (var waiting in _waitingForClose)
        {
            waiting.Tell(Done.Instance);
        }

        _waitingForClose.Clear();
    }

    /// <summary>Unbind the port; answered with <see cref="Done"/>.</summary>
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

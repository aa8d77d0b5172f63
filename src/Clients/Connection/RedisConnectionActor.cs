using System.Net;
using ActorRooms.Broker.Tls;
using ActorRooms.Clients.Hosting;
using ActorRooms.Protocol.Resp;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Clients.Connection;

/// <summary>
/// A client's connection to a Redis-protocol server (our broker or redis-server), and the only actor that talks to
/// its Akka.IO connection. It connects with <c>Tcp.Connect</c> in pull mode, writes with at most one acked write
/// outstanding and a bounded queue (the broker's discipline), parses replies and pushes incrementally and hands
/// them to its owner as typed messages, one batch per socket read. When the server is not up yet or goes away it
/// waits with exponential backoff and connects again, and on every connect it sends its subscriptions again.
/// With TLS (<see cref="ConnectionSettings.Tls"/>) the broker's <see cref="TlsConnectionActor"/>, in client mode,
/// sits between it and Akka.IO and looks to it like the Akka.IO connection; a failed handshake ends the client
/// (<see cref="ExitCodes.Tls"/>): a certificate that is not trusted, or a server that does not speak TLS, stays so.
/// States: Connecting → Connected → Backoff → Connecting ...; each change is logged.
/// </summary>
public sealed partial class RedisConnectionActor : ReceiveActor, IWithTimers
{
    private readonly ConnectionSettings _settings;
    private readonly Subscriptions _subscriptions;
    private readonly IActorRef? _tcpManagerOverride;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CommandQueue _queue = new();
    private readonly Backoff _backoff;
    private IActorRef _owner = ActorRefs.Nobody;
    private IActorRef? _connection;
    private RespReplyReader _reader;
    private bool _readRequested;
    private int _unhandledBatches;
    private readonly ConnectionHandshake _handshake;
    private readonly bool _probeRoomFeatures;
    private EndPoint? _remote;
    private bool _failingSinceLastSuccess;
    private bool _answeredOnThisConnection;

    public RedisConnectionActor(ConnectionSettings settings, Subscriptions subscriptions, IActorRef? owner, IActorRef? tcpManager, bool probeRoomFeatures = false)
    {
        _probeRoomFeatures = probeRoomFeatures;
        _handshake = new ConnectionHandshake(settings, subscriptions, probeRoomFeatures);
        _settings = settings;
        _subscriptions = subscriptions;
        _tcpManagerOverride = tcpManager;
        _backoff = new Backoff(settings.BackoffMin, settings.BackoffMax);
        _reader = new RespReplyReader(settings.ReplyLimits);
        if (owner is not null)
        {
            _owner = owner;
        }

        Connecting();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// Props for a connection that reports to <paramref name="owner"/> (its parent when null) and joins
    /// <paramref name="subscriptions"/> on every connect. <paramref name="tcpManager"/> replaces Akka.IO's TCP
    /// manager in tests. With <paramref name="probeRoomFeatures"/> it asks the server on every connect whether it has
    /// ROOM.PUBLISH and tells the owner with <see cref="RedisServerFeatures"/> just before <see cref="RedisConnected"/>,
    /// so the owner knows which command to use before it sends anything.
    /// </summary>
    public static Props Props(ConnectionSettings settings, Subscriptions subscriptions, IActorRef? owner = null, IActorRef? tcpManager = null, bool probeRoomFeatures = false) =>
        Akka.Actor.Props.Create(() => new RedisConnectionActor(settings, subscriptions, owner, tcpManager, probeRoomFeatures));

    private IActorRef TcpManager => _tcpManagerOverride ?? Context.System.Tcp();

    protected override void PreStart()
    {
        if (_owner.IsNobody())
        {
            _owner = Context.Parent;
        }

        _log.Info("Connecting to {0}", _settings.Address);
        StartConnecting();
    }

    protected override void PostStop()
    {
        // A stopping client closes its socket politely; Akka.IO would otherwise abort it when this actor is gone.
        _connection?.Tell(Tcp.Close.Instance);
        _queue.Clear();
    }

    // ---- Connecting: resolve the host if needed, then Tcp.Connect ----

    private void Connecting()
    {
        Receive<Resolved>(resolved => TcpManager.Tell(new Tcp.Connect(resolved.Endpoint, timeout: _settings.ConnectTimeout, pullMode: true)));
        Receive<Tcp.Connected>(OnConnected);
        Receive<Tcp.CommandFailed>(failed => failed.Cmd is Tcp.Connect, failed =>
            Fail(ConnectionEventText.Describe(failed), connectionFailed: true));
        Receive<ResolveFailed>(failed => Fail($"cannot resolve '{_settings.Host}': {failed.Reason}", connectionFailed: true));
        ReceiveWhileNotConnected();
    }

    // DNS off the actor thread (an IP address needs none); the answer comes back as a message.
    private void StartConnecting() => _ = EndpointResolution.ResolveAsync(_settings.Host, _settings.Port).PipeTo(Self);

    private void OnConnected(Tcp.Connected connected)
    {
        _connection = _settings.Tls is { } tls
            ? Context.ActorOf(TlsConnectionActor.ClientProps(Sender, tls.ClientOptions(_settings.Host), connected.RemoteAddress))
            : Sender;
        Context.Watch(_connection);
        _reader = new RespReplyReader(_settings.ReplyLimits);
        _unhandledBatches = 0;
        _readRequested = false;
        _answeredOnThisConnection = false;
        // Register, then ask for the first read: both from this actor, so they arrive in this order.
        _connection.Tell(new Tcp.Register(Self, keepOpenOnPeerClosed: false, useResumeWriting: false));
        ResumeReadingIfReady();
        Become(Connected);
        _log.Info("Connected to {0} (local {1}{2})", _settings.Address, ConnectionEventText.Plain(connected.LocalAddress), _settings.Tls is null ? string.Empty : ", TLS");
        SendHandshake();
        _remote = connected.RemoteAddress;
        if (!_probeRoomFeatures)
        {
            _owner.Tell(new RedisConnected(connected.RemoteAddress));
        }
    }

    /// <summary>AUTH when a password is set, CLIENT SETNAME, the room-features probe, then every subscription, in one write, before anything the owner sends.</summary>
    private void SendHandshake()
    {
        if (_handshake.Start() is { } commands)
        {
            _queue.Enqueue(new SendCommands(commands, 0));
            WriteNext();
        }
    }

    // ---- Connected: read, write, notice the end ----

    private void Connected()
    {
        Receive<Tcp.Received>(_ => Sender.Equals(_connection), OnReceived);
        Receive<WriteAck>(_ => Sender.Equals(_connection), _ =>
        {
            _queue.Acknowledge();
            WriteNext();
        });
        Receive<SendCommands>(OnSendCommands);
        Receive<MessagesHandled>(_ =>
        {
            _unhandledBatches = Math.Max(0, _unhandledBatches - 1);
            ResumeReadingIfReady();
        });
        Receive<Tcp.CommandFailed>(failed => Sender.Equals(_connection), failed =>
            Fail($"{failed.Cmd.GetType().Name} failed: {ConnectionEventText.Describe(failed)}", connectionFailed: false));
        Receive<TlsHandshakeFailed>(_ => Sender.Equals(_connection), failed => GiveUp(failed.Cause, ExitCodes.Tls));
        Receive<Tcp.ConnectionClosed>(_ => Sender.Equals(_connection), OnConnectionClosed);
        Receive<Terminated>(t => t.ActorRef.Equals(_connection), _ => Fail("the connection actor stopped", connectionFailed: false));
        ReceiveStale();
    }

    private void OnSendCommands(SendCommands commands)
    {
        if (_queue.QueuedBytes + commands.Data.Count > _settings.MaxQueuedBytes)
        {
            CommandQueue.ReturnToPool(commands.PooledBuffers);
            _log.Warning("Command queue to {0} is full ({1} bytes); {2} commands dropped", _settings.Address, _queue.QueuedBytes, commands.Count);
            Sender.Tell(new CommandsDropped(commands.Count, "the command queue is full"));
            return;
        }

        _queue.Enqueue(commands);
        WriteNext();
    }

    private void WriteNext()
    {
        if (_connection is not null && _queue.TryTakeWrite(out var data))
        {
            _connection.Tell(Tcp.Write.Create(data, WriteAck.Instance));
        }
    }

    private void ResumeReadingIfReady()
    {
        if (_connection is null || _readRequested || _unhandledBatches >= _settings.ReadAheadBatches)
        {
            return;
        }

        _readRequested = true;
        _connection.Tell(Tcp.ResumeReading.Instance);
    }

    private void ReceiveWhileNotConnected()
    {
        Receive<SendCommands>(commands =>
        {
            CommandQueue.ReturnToPool(commands.PooledBuffers);
            Sender.Tell(new CommandsDropped(commands.Count, "not connected"));
        });
        Receive<MessagesHandled>(_ => { });
        ReceiveStale();
    }

    /// <summary>Late messages of an earlier connection: its reads, acks and close events no longer matter.</summary>
    private void ReceiveStale()
    {
        Receive<Tcp.Event>(_ => { });
        Receive<Tcp.CommandFailed>(_ => { });
        Receive<Terminated>(_ => { });
    }

    /// <summary>The ack of every write: at most one is outstanding.</summary>
    private sealed class WriteAck : Tcp.Event
    {
        public static WriteAck Instance { get; } = new();

        private WriteAck()
        {
        }
    }

    private sealed record Reconnect
    {
        public static Reconnect Instance { get; } = new();

        private Reconnect()
        {
        }
    }
}

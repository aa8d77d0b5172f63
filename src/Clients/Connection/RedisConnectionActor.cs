using System.Buffers;
using System.Net;
using System.Net.Sockets;
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
    private readonly Queue<HandshakeStep> _handshake = new();
    private readonly bool _probeRoomFeatures;
    private EndPoint? _remote;

    // Set once a server refused ROOM.JOIN: from then on this connection joins the feed's room with SUBSCRIBE.
    private bool _roomFeedsRefused;
    private bool _failingSinceLastSuccess;

    public RedisConnectionActor(ConnectionSettings settings, Subscriptions subscriptions, IActorRef? owner, IActorRef? tcpManager, bool probeRoomFeatures = false)
    {
        _probeRoomFeatures = probeRoomFeatures;
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
            Fail(Describe(failed), connectionFailed: true));
        Receive<ResolveFailed>(failed => Fail($"cannot resolve '{_settings.Host}': {failed.Reason}", connectionFailed: true));
        ReceiveWhileNotConnected();
    }

    private void StartConnecting()
    {
        if (IPAddress.TryParse(_settings.Host, out var address))
        {
            Self.Tell(new Resolved(new IPEndPoint(address, _settings.Port)));
            return;
        }

        // DNS off the actor thread; the answer comes back as a message.
        var host = _settings.Host;
        var port = _settings.Port;
        _ = System.Net.Dns.GetHostAddressesAsync(host).PipeTo(
            Self,
            success: addresses =>
            {
                var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
                return chosen is null ? new ResolveFailed("no address") : new Resolved(new IPEndPoint(chosen, port));
            },
            failure: e => new ResolveFailed(e.Message));
    }

    private void OnConnected(Tcp.Connected connected)
    {
        _connection = Sender;
        Context.Watch(_connection);
        _reader = new RespReplyReader(_settings.ReplyLimits);
        _unhandledBatches = 0;
        _readRequested = false;
        // Register, then ask for the first read: both from this actor, so they arrive in this order.
        _connection.Tell(new Tcp.Register(Self, keepOpenOnPeerClosed: false, useResumeWriting: false));
        ResumeReadingIfReady();
        Become(Connected);
        _log.Info("Connected to {0} (local {1})", _settings.Address, Plain(connected.LocalAddress));
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
        var writer = new ArrayBufferWriter<byte>();
        _handshake.Clear();
        if (_settings.Password is { } password)
        {
            // First, so every later command runs as this user; a refusal (WRONGPASS) stops the connection for good.
            if (_settings.User is { } user)
            {
                RespCommandWriter.Write(writer, "AUTH", user, password);
            }
            else
            {
                RespCommandWriter.Write(writer, "AUTH", password);
            }

            _handshake.Enqueue(HandshakeStep.Auth);
        }

        if (_settings.ClientName.Length > 0)
        {
            RespCommandWriter.Write(writer, "CLIENT", "SETNAME", _settings.ClientName);
            _handshake.Enqueue(HandshakeStep.ClientName);
        }

        if (_probeRoomFeatures)
        {
            RespCommandWriter.Write(writer, "COMMAND", "INFO", "ROOM.PUBLISH");
            _handshake.Enqueue(HandshakeStep.RoomFeaturesProbe);
        }

        if (_subscriptions.Feed is { } feed)
        {
            if (_roomFeedsRefused)
            {
                RespCommandWriter.Write(writer, "SUBSCRIBE", [feed.Room]);
            }
            else
            {
                // ROOM.JOIN's feed is RESP3 pushes (a broker refuses it in RESP2, where pushes look like replies).
                RespCommandWriter.Write(writer, "HELLO", "3");
                _handshake.Enqueue(HandshakeStep.Hello);
                RespCommandWriter.Write(writer, "ROOM.JOIN", [feed.Room, .. feed.Options]);
                _handshake.Enqueue(HandshakeStep.RoomJoin);
            }
        }

        if (_subscriptions.Channels.Count > 0)
        {
            RespCommandWriter.Write(writer, "SUBSCRIBE", _subscriptions.Channels);
        }

        if (_subscriptions.Patterns.Count > 0)
        {
            RespCommandWriter.Write(writer, "PSUBSCRIBE", _subscriptions.Patterns);
        }

        if (writer.WrittenCount > 0)
        {
            _queue.Enqueue(new SendCommands(ByteString.FromBytes(writer.WrittenSpan.ToArray()), 0));
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
            Fail($"{failed.Cmd.GetType().Name} failed: {Describe(failed)}", connectionFailed: false));
        Receive<Tcp.ConnectionClosed>(_ => Sender.Equals(_connection), closed => Fail(DescribeClose(closed), connectionFailed: false));
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

    // ---- Backoff: wait, then connect again ----

    private void Waiting()
    {
        Receive<Reconnect>(_ =>
        {
            Become(Connecting);
            StartConnecting();
        });
        ReceiveWhileNotConnected();
    }

    /// <summary>The connection failed or could not be made: reset it, then retry after a backoff or give up.</summary>
    private void Fail(string reason, bool connectionFailed)
    {
        if (_connection is not null)
        {
            Context.Unwatch(_connection);
            // Harmless when the connection is already closed; decisive when it is garbled or a write failed.
            _connection.Tell(Tcp.Abort.Instance);
            _connection = null;
        }

        _queue.Clear();
        _readRequested = false;
        _unhandledBatches = 0;
        var what = connectionFailed ? $"Cannot reach {_settings.Address}" : $"Lost the connection to {_settings.Address}";
        if (!_settings.Retry)
        {
            _log.Warning("{0} ({1}); not retrying", what, reason);
            _owner.Tell(new RedisGaveUp($"{what} ({reason})"));
            Context.Stop(Self);
            return;
        }

        var delay = _backoff.Next();
        var message = "{0} ({1}); retrying in {2} (attempt {3})";
        if (_failingSinceLastSuccess)
        {
            _log.Info(message, what, reason, Human(delay), _backoff.Attempt);
        }
        else
        {
            _log.Warning(message, what, reason, Human(delay), _backoff.Attempt);
        }

        _failingSinceLastSuccess = true;
        // The timer runs before the owner hears of it: whoever reacts to the news finds the retry already set.
        Timers.StartSingleTimer(Reconnect.Instance, Reconnect.Instance, delay);
        Become(Waiting);
        _owner.Tell(new RedisDisconnected($"{what} ({reason})", delay, _backoff.Attempt));
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

    /// <summary>The socket's own words (Connection refused) when Akka.IO kept the exception, else its cause text.</summary>
    private static string Describe(Tcp.CommandFailed failed)
    {
        if (failed.Cause.HasValue && failed.Cause.Value is { } cause)
        {
            return (cause.InnerException ?? cause).Message;
        }

        var text = failed.CauseString?.Trim() ?? string.Empty;
        text = text.StartsWith("because of ", StringComparison.Ordinal) ? text["because of ".Length..] : text;
        if (text.Contains("finishConnect", StringComparison.Ordinal))
        {
            // Akka.IO's wording for a connect that the OS refused (nothing listens there) or that never completed.
            return "no server accepted the connection";
        }

        return text.Length == 0 ? "no reason given" : text;
    }

    // Akka.IO's sockets are dual-mode: show 127.0.0.1:5000 rather than [::ffff:127.0.0.1]:5000.
    private static string Plain(EndPoint endpoint) =>
        endpoint is IPEndPoint { Address.IsIPv4MappedToIPv6: true } ip ? new IPEndPoint(ip.Address.MapToIPv4(), ip.Port).ToString() : endpoint.ToString() ?? "?";

    private static string DescribeClose(Tcp.ConnectionClosed closed) => closed switch
    {
        Tcp.ErrorClosed error => $"connection error: {error.Cause}",
        Tcp.PeerClosed => "the server closed the connection",
        Tcp.Aborted => "the connection was aborted",
        _ => "the connection was closed",
    };

    private static string Human(TimeSpan delay) =>
        delay < TimeSpan.FromSeconds(1) ? $"{delay.TotalMilliseconds:0} ms" : $"{delay.TotalSeconds:0.#} s";

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

    private sealed record Resolved(IPEndPoint Endpoint);

    /// <summary>A handshake command whose reply the connection handles itself, in the order they were sent.</summary>
    private enum HandshakeStep
    {
        Auth,
        ClientName,
        RoomFeaturesProbe,
        Hello,
        RoomJoin,
    }

    private sealed record ResolveFailed(string Reason);
}

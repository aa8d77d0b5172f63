using System.Buffers;
using System.Net;
using ActorRooms.Broker.Clients;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Security;
using ActorRooms.Broker.Stats;
using ActorRooms.Messages.Resp;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Broker.Network;

/// <summary>
/// One client connection: the only actor that talks to its Akka.IO connection. It reads in pull mode (one socket
/// read at a time), runs every command of a read in order, sends each room one batch per read, answers in request
/// order, and writes with at most one acked, coalesced write outstanding. It asks for the next read only when every
/// reply of this one has gone to the output queue and that queue is short, so a fast publisher is slowed by TCP
/// instead of growing any mailbox.
/// </summary>
public sealed partial class ClientConnectionActor : ReceiveActor, IWithTimers
{
    private readonly IActorRef _connection;
    private readonly long _id;
    private readonly string _remoteAddress;
    private readonly string _localAddress;
    private readonly BrokerSettings _settings;
    private readonly IActorRef _rooms;
    private readonly IActorRef _clients;
    private readonly BrokerCounters _counters;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly RespRequestReader _reader;
    private readonly List<ReadOnlyMemory<byte>> _arguments = [];
    private readonly ReplyPipeline _replies = new();
    private readonly OutboundQueue _outbound;
    private readonly ArrayBufferWriter<byte> _discardedReplies = new();
    private readonly DateTime _connectedAt = DateTime.UtcNow;
    private DateTime _lastCommandAt = DateTime.UtcNow;
    private string _lastCommand = "NULL";
    private RespProtocol _protocol = RespProtocol.Resp2;
    private bool _readRequested;
    private bool _closeRequested;
    private bool _closeSent;
    private bool _slowConsumer;

    public ClientConnectionActor(
        IActorRef connection,
        long id,
        EndPoint remote,
        EndPoint local,
        BrokerSettings settings,
        IActorRef rooms,
        IActorRef clients,
        BrokerCounters counters,
        IActorRef users,
        UserDirectory userDirectory)
    {
        _connection = connection;
        _id = id;
        _remoteAddress = remote.ToString() ?? "?";
        _localAddress = local.ToString() ?? "?";
        _settings = settings;
        _rooms = rooms;
        _clients = clients;
        _counters = counters;
        _reader = new RespRequestReader(settings.Limits);
        _outbound = new OutboundQueue(counters);
        _usersActor = users;
        _users = userDirectory;
        StartUnauthenticated();

        Receive<Tcp.Received>(OnReceived);
        Receive<WriteAck>(_ => OnWriteAcknowledged());
        Receive<Tcp.CommandFailed>(OnCommandFailed);
        Receive<Tcp.PeerClosed>(_ => OnPeerClosed());
        Receive<Tcp.ConnectionClosed>(OnConnectionClosed);
        ReceivePubSubMessages();
        ReceiveServerMessages();
        ReceiveSecurityMessages();
        ReceiveRoomFeatureMessages();
        Receive<CloseTimedOut>(_ =>
        {
            _log.Info("Client id={0} addr={1} did not drain its output in time; aborting the connection", _id, _remoteAddress);
            _connection.Tell(Tcp.Abort.Instance);
        });
        Receive<IdleCheck>(_ => CheckIdle());
        Receive<Terminated>(OnTerminated);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the connection actor of one accepted socket, with the users in force and the actor that reloads them.</summary>
    public static Props Props(IActorRef connection, long id, EndPoint remote, EndPoint local, BrokerSettings settings, IActorRef rooms, IActorRef clients, BrokerCounters counters, IActorRef users, UserDirectory userDirectory) =>
        Akka.Actor.Props.Create(() => new ClientConnectionActor(connection, id, remote, local, settings, rooms, clients, counters, users, userDirectory));

    /// <summary>Props for a connection with the users of <paramref name="settings"/> and no reload (ACL LOAD answers that it cannot).</summary>
    public static Props Props(IActorRef connection, long id, EndPoint remote, EndPoint local, BrokerSettings settings, IActorRef rooms, IActorRef clients, BrokerCounters counters) =>
        Props(connection, id, remote, local, settings, rooms, clients, counters, ActorRefs.Nobody, settings.Security.Users);

    protected override void PreStart()
    {
        _counters.ConnectionOpened();
        // Register first, then ask for the first read: both from this actor, so they arrive in this order.
        _connection.Tell(new Tcp.Register(Self, keepOpenOnPeerClosed: true, useResumeWriting: false));
        _clients.Tell(new RegisterClient(_id));
        if (_settings.IdleTimeout > TimeSpan.Zero)
        {
            Timers.StartPeriodicTimer(IdleCheck.Instance, IdleCheck.Instance, TimeSpan.FromSeconds(Math.Max(1, _settings.IdleTimeout.TotalSeconds / 4)));
        }

        ResumeReadingIfReady();
    }

    protected override void PostStop()
    {
        _outbound.Release();
        ReleaseRoomFeeds();
        _counters.ConnectionClosed();
    }

    private void OnReceived(Tcp.Received received)
    {
        _readRequested = false;
        _counters.BytesReceived(received.Data.Count);
        if (_closeRequested)
        {
            return;
        }

        // One copy of the read into an array of our own: Akka.IO does not expose the ByteString's array, and
        // PUBLISH payloads travel to the rooms as slices of it, so it must be ours and never change.
        _reader.Feed(received.Data.ToArray());
        var commands = RunCommands();

        SendPublishBatches();
        _counters.CommandsProcessed(commands);
        Flush();
    }

    // Runs every complete command fed so far; returns how many ran.
    private int RunCommands()
    {
        var commands = 0;
        // A failed AUTH pauses the connection until its WRONGPASS is due: nothing after it runs before that.
        while (!_closeRequested && !_authPaused)
        {
            switch (_reader.TryRead(_arguments))
            {
                case RespReadResult.NeedMoreData:
                    return commands;
                case RespReadResult.ProtocolError:
                    SendPublishBatches();
                    _counters.ProtocolError();
                    _log.Info("Client id={0} addr={1}: {2}; closing the connection", _id, _remoteAddress, _reader.Error);
                    RespWriter.Error(_replies.Ready, "ERR " + _reader.Error);
                    RequestClose();
                    return commands;
                default:
                    commands++;
                    Execute();
                    break;
            }
        }

        return commands;
    }

    /// <summary>Moves finished replies to the output, writes, and decides about closing and the next read.</summary>
    private void Flush()
    {
        _outbound.Enqueue(_replies.TakeCompleted());
        StartQueryAtHead();
        DrainRoomFeedsIfCaughtUp();

        if (!_slowConsumer && OverOutputLimit() is { } reason)
        {
            DisconnectSlowConsumer(reason);
        }

        WriteNext();
        FinishCloseIfDrained();
        ResumeReadingIfReady();
    }

    private void WriteNext()
    {
        if (_outbound.TryTakeWrite(out var data))
        {
            _counters.BytesSent(data.Count);
            _connection.Tell(Tcp.Write.Create(data, WriteAck.Instance));
        }
    }

    private void OnWriteAcknowledged()
    {
        _outbound.Acknowledge();
        Flush();
    }

    private void ResumeReadingIfReady()
    {
        if (_readRequested || _closeRequested || _authPaused || !_replies.IsEmpty || HasUnsentBatches
            || _outbound.QueuedBytes + _outbound.InFlightBytes > _settings.PauseReadingAbove)
        {
            return;
        }

        _readRequested = true;
        _connection.Tell(Tcp.ResumeReading.Instance);
    }

    /// <summary>Stop taking commands; close once every earlier reply has been written.</summary>
    private void RequestClose()
    {
        _closeRequested = true;
        FinishCloseIfDrained();
    }

    private void FinishCloseIfDrained()
    {
        if (!_closeRequested || _closeSent || (!_replies.IsEmpty && !_slowConsumer) || !_outbound.IsDrained)
        {
            return;
        }

        _closeSent = true;
        _connection.Tell(Tcp.Close.Instance);
        if (!Timers.IsTimerActive(CloseTimedOut.Instance))
        {
            Timers.StartSingleTimer(CloseTimedOut.Instance, CloseTimedOut.Instance, CloseGrace);
        }
    }

    private TimeSpan CloseGrace => _settings.ShutdownGrace > TimeSpan.Zero ? _settings.ShutdownGrace : TimeSpan.FromSeconds(1);

    /// <summary>
    /// Why this connection's output is over a limit, or null: its own bound (<c>connection.max-queued-bytes</c>), or
    /// the broker-wide cap (<c>max-total-queued-bytes</c>) while it holds more than its fair share of that cap
    /// (the cap divided by the connected clients, at least 64 KiB), so the biggest holders go first and clients
    /// that keep up are never the ones shed.
    /// </summary>
    private string? OverOutputLimit()
    {
        var held = _outbound.HeldBytes;
        if (held > _settings.MaxQueuedBytes)
        {
            return $"output buffer limit of {_settings.MaxQueuedBytes} bytes reached";
        }

        var fairShare = Math.Max(64 * 1024, _settings.MaxTotalQueuedBytes / Math.Max(1, _counters.ConnectedClients));
        return _counters.OutputHeldBytes > _settings.MaxTotalQueuedBytes && held > fairShare
            ? $"broker output cap of {_settings.MaxTotalQueuedBytes} bytes reached while holding {held} bytes"
            : null;
    }

    /// <summary>
    /// The slow-consumer policy (disconnect): the client's queued output is dropped, it is told why, and it is
    /// closed; if it does not even take that last line within the grace period, the connection is aborted.
    /// </summary>
    private void DisconnectSlowConsumer(string reason)
    {
        _slowConsumer = true;
        var dropped = _outbound.DiscardQueued();
        _counters.SlowConsumerDisconnected();
        _log.Warning(
            "Client id={0} addr={1} name={2} closed as a slow consumer: {3}; {4} queued bytes dropped",
            _id, _remoteAddress, _name ?? string.Empty, reason, dropped);
        var notice = new ArrayBufferWriter<byte>();
        RespWriter.Error(notice, $"ERR slow consumer: {reason}; connection closed");
        _outbound.Enqueue(ByteString.FromBytes(notice.WrittenSpan.ToArray()));
        // Leave every room now: while the last line drains (or the grace runs out), nothing more is fanned out to
        // this client and PUBLISH no longer counts it. Nobody waits for the rooms' answers.
        LeaveAll(new AwaitedReply(0, suppressed: true));
        Timers.StartSingleTimer(CloseTimedOut.Instance, CloseTimedOut.Instance, CloseGrace);
        RequestClose();
    }

    private void OnPeerClosed()
    {
        // Half-closed by the client: answer what it sent, then close our side.
        RequestClose();
    }

    private void OnCommandFailed(Tcp.CommandFailed failed)
    {
        // A failed write leaves a hole in the stream (Akka.IO 1.5.7x does not suspend writing): never go on.
        _log.Info("Client id={0} addr={1}: {2} failed ({3}); aborting the connection", _id, _remoteAddress, failed.Cmd.GetType().Name, failed.CauseString);
        _connection.Tell(Tcp.Abort.Instance);
        Context.Stop(Self);
    }

    private void OnConnectionClosed(Tcp.ConnectionClosed closed)
    {
        if (closed is Tcp.ErrorClosed error)
        {
            _log.Debug("Client id={0} addr={1} connection error: {2}", _id, _remoteAddress, error.Cause);
        }

        Context.Stop(Self);
    }

    private void CheckIdle()
    {
        // As in Redis, subscribers are never idle-closed: they wait for messages by design.
        if (!IsSubscribed && DateTime.UtcNow - _lastCommandAt > _settings.IdleTimeout && !_closeRequested)
        {
            _log.Info("Client id={0} addr={1} idle for more than {2}; closing", _id, _remoteAddress, _settings.IdleTimeout);
            RequestClose();
        }
    }

    /// <summary>The ack of every write: at most one is outstanding.</summary>
    private sealed class WriteAck : Tcp.Event
    {
        public static WriteAck Instance { get; } = new();

        private WriteAck()
        {
        }
    }

    private sealed class CloseTimedOut
    {
        public static CloseTimedOut Instance { get; } = new();

        private CloseTimedOut()
        {
        }
    }

    private sealed class IdleCheck
    {
        public static IdleCheck Instance { get; } = new();

        private IdleCheck()
        {
        }
    }
}

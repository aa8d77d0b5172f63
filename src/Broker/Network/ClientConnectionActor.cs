using System.Diagnostics;
using System.Net;
using ActorRooms.Broker.ClientDirectory;
using ActorRooms.Broker.Commands;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Broker.Security;
using ActorRooms.Broker.Stats;
using ActorRooms.Protocol.Resp;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Broker.Network;

/// <summary>
/// One client connection: the only actor that talks to its Akka.IO connection, and the owner of its mailbox. It reads
/// in pull mode (one socket read at a time), runs every command of a read through the <see cref="CommandDispatcher"/>,
/// sends each room one batch per read, and writes with at most one acked, coalesced write outstanding. The work is
/// done in the same turn by the plain parts of its <see cref="ConnectionSession"/>; the actor keeps the lifecycle as
/// states: <see cref="Running"/>, <see cref="AuthPaused"/> (a failed AUTH's delay), <see cref="Closing"/> (no more
/// commands; close once every reply is written) and <see cref="Closed"/> (Close sent; aborted if it does not complete).
/// </summary>
public sealed partial class ClientConnectionActor : ReceiveActor, IWithTimers, IConnectionHost
{
    private readonly IActorRef _connection;
    private readonly BrokerSettings _settings;
    private readonly BrokerCounters _counters;
    private readonly RespRequestReader _reader;
    private readonly ClientState _client;
    private readonly ConnectionSession _session;
    private readonly ConnectionOutput _output;
    private readonly CommandDispatcher _dispatcher;
    private readonly ReadCommandRunner _commands;
    private readonly Func<bool> _takingCommands;
    private readonly Action _protocolError;
    private readonly RoomAnswers _rooms;
    private readonly QueryAnswers _answers;
    private readonly ConnectionCloser _closer;
    private Phase _phase = Phase.Running;

    // Bytes fed to the reader since its commands last ran: they count as unanswered until their replies leave.
    private int _fedBytes;

    // countsWireBytes: false for a WebSocket, whose actor counts the bytes that cross the socket (JSON frames), not this RESP.
    public ClientConnectionActor(IActorRef connection, long id, EndPoint remote, EndPoint local, BrokerSettings settings, ConnectionPeers peers, BrokerCounters counters, UserDirectory users, bool countsWireBytes = true)
    {
        _connection = connection;
        _settings = settings;
        _counters = counters;
        _reader = new RespRequestReader(settings.Limits);
        _client = new ClientState(id, remote.ToString() ?? "?", local.ToString() ?? "?", DateTime.UtcNow);
        _session = new ConnectionSession(this, _client, settings, counters, peers, users, _reader, Context.GetLogger(), countsWireBytes);
        _output = _session.Output;
        _dispatcher = new CommandDispatcher(_session);
        _commands = new ReadCommandRunner(_reader, _dispatcher, _client);
        // Made once: a read runs them, and nothing on the read path allocates per read but the read itself.
        _takingCommands = () => _phase == Phase.Running;
        _rooms = new RoomAnswers(_session);
        _answers = new QueryAnswers(_session);
        _closer = new ConnectionCloser(connection, this, _session);
        _protocolError = _closer.ProtocolError;
        _session.Auth.StartUnauthenticated();
        Running();
    }

    private enum Phase
    {
        Running,
        AuthPaused,
        Closing,
        Closed,
    }

    public ITimerScheduler Timers { get; set; } = null!;

    IActorRef IConnectionHost.Self => Self;

    /// <summary>Props for the connection actor of one accepted socket, with the users in force and the actor that reloads them.</summary>
    public static Props Props(IActorRef connection, long id, EndPoint remote, EndPoint local, BrokerSettings settings, IActorRef rooms, IActorRef clients, BrokerCounters counters, IActorRef users, UserDirectory userDirectory, bool countsWireBytes = true) =>
        Akka.Actor.Props.Create(() => new ClientConnectionActor(connection, id, remote, local, settings, new ConnectionPeers(rooms, clients, users), counters, userDirectory, countsWireBytes));

    /// <summary>Props for a connection with the users of <paramref name="settings"/> and no reload (ACL LOAD answers that it cannot).</summary>
    public static Props Props(IActorRef connection, long id, EndPoint remote, EndPoint local, BrokerSettings settings, IActorRef rooms, IActorRef clients, BrokerCounters counters) =>
        Props(connection, id, remote, local, settings, rooms, clients, counters, ActorRefs.Nobody, settings.Security.Users);

    protected override void PreStart()
    {
        // Register first, then ask for the first read: both from this actor, so they arrive in this order.
        _connection.Tell(new Tcp.Register(Self, keepOpenOnPeerClosed: true, useResumeWriting: false));
        _session.Peers.Clients.Tell(new RegisterClient(_client.Id));
        _closer.StartIdleChecks();
        ResumeReadingIfReady();
    }

    protected override void PostStop()
    {
        _counters.Monitors.Remove(Self);
        _output.Release();
        _session.Feeds.Release();
    }

    /// <summary>Taking commands: each read runs in full, and the next is asked for while few replies still wait (<see cref="UnansweredReads"/>).</summary>
    private void Running()
    {
        Receive<Tcp.Received>(received =>
        {
            ReadArrived(received);
            Feed(received);
            RunReadCommands();
        });
        ReceiveDeliveries();
        ReceiveCommon();
    }

    /// <summary>A failed AUTH: nothing the client sent after it runs before its WRONGPASS is due.</summary>
    private void AuthPaused()
    {
        Receive<Tcp.Received>(received =>
        {
            ReadArrived(received);
            Feed(received);
            Flush();
        });
        ReceiveDeliveries();
        ReceiveCommon();
    }

    /// <summary>No more commands (QUIT, a protocol error, a kill, a shutdown, a slow consumer): close once the output has drained.</summary>
    private void Closing()
    {
        Receive<Tcp.Received>(ReadArrived);
        ReceiveDeliveries();
        ReceiveCommon();
    }

    /// <summary>
    /// Our FIN sent (<c>ConfirmedClose</c>): everything queued has gone out; what the client still sends is read and
    /// dropped until its own FIN (Akka.IO's <c>ConfirmedClosed</c>), or the connection is aborted after the grace.
    /// Closing a socket with unread input, or with a read pending, makes the kernel (or .NET) reset it, and the client
    /// would lose the last replies still in its receive buffer: a SIGTERM's queued messages, a protocol error's reply.
    /// </summary>
    private void Closed()
    {
        Receive<Tcp.Received>(received =>
        {
            ReadArrived(received);
            _connection.Tell(Tcp.ResumeReading.Instance);
        });
        ReceiveDeliveries();
        ReceiveCommon();
    }

    private void GoTo(Phase phase)
    {
        _phase = phase;
        Become(phase switch
        {
            Phase.Running => Running,
            Phase.AuthPaused => AuthPaused,
            Phase.Closing => Closing,
            _ => (Action)Closed,
        });
    }

    private void ReadArrived(Tcp.Received received)
    {
        _output.ReadArrived(received.Data.Count);
    }

    // One copy of the read into an array of our own: Akka.IO does not expose the ByteString's array, and PUBLISH
    // payloads travel to the rooms as slices of it, so it must be ours and never change.
    private void Feed(Tcp.Received received)
    {
        _reader.Feed(received.Data.ToArray());
        _fedBytes += received.Data.Count;
    }

    /// <summary>Runs every complete command fed so far, sends this read's publish batches and flushes.</summary>
    private void RunReadCommands()
    {
        var commands = _commands.Run(_takingCommands, _protocolError);
        _session.Publisher.SendAll();
        _output.ReadRan(_fedBytes);
        _fedBytes = 0;
        _counters.CommandsProcessed(commands);
        _dispatcher.AddStats();
        Flush();
    }

    /// <summary>Moves finished replies to the output, writes, and decides about closing and the next read.</summary>
    public void Flush()
    {
        _output.TakeCompletedReplies();
        if (_session.Queries.StartAtHead(Self) is { } asked)
        {
            Timers.StartSingleTimer(new QueryTimedOut(asked), new QueryTimedOut(asked), QueryTimeout);
        }

        _session.Feeds.DrainIfCaughtUp();
        if (_output.OverLimit() is { } reason)
        {
            _closer.ShedSlowConsumer(reason);
        }

        if (_output.TryTakeWrite(out var data))
        {
            _connection.Tell(Tcp.Write.Create(data, WriteAck.Instance));
        }

        FinishCloseIfDrained();
        ResumeReadingIfReady();
    }

    private void ResumeReadingIfReady()
    {
        if (_phase == Phase.Running && _output.TryRequestRead(_session.Publisher.HasUnsent || _commands.HasHeld))
        {
            _connection.Tell(Tcp.ResumeReading.Instance);
        }
    }

    // Longer than any answerer's own bound (CLIENT LIST 2 s, ACL LOAD's reload 10 s, rooms.info-timeout): only a
    // question or answer that was lost reaches it.
    private TimeSpan QueryTimeout => TimeSpan.FromSeconds(15) + _settings.RoomFeatures.InfoTimeout;

    private static TimeSpan Now => Stopwatch.GetElapsedTime(0);
}

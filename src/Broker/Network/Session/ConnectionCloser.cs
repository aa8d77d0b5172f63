using ActorRooms.Broker.Network.Output;
using ActorRooms.Protocol.Resp;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Broker.Network.Session;

/// <summary>
/// How a connection ends, on the socket's side and in the log: a protocol error's last reply, the slow-consumer shed,
/// CLIENT KILL, the idle check, the half-close once everything queued is written, the grace after which a client that
/// does not take its last bytes is aborted, and the abort after a failed write. The connection actor keeps the state
/// (it alone moves to <c>Closing</c> and <c>Closed</c>, through <see cref="IConnectionHost.RequestClose"/>) and calls
/// these in the same turn.
/// </summary>
public sealed class ConnectionCloser
{
    private readonly IActorRef _connection;
    private readonly IWithTimers _owner;
    private readonly ConnectionSession _session;
    private readonly ConnectionOutput _output;
    private readonly ClientState _client;
    private readonly ILoggingAdapter _log;

    /// <param name="connection">The Akka.IO connection.</param>
    /// <param name="owner">The connection actor, whose timers are set only after it is constructed.</param>
    /// <param name="session">The connection's parts.</param>
    public ConnectionCloser(IActorRef connection, IWithTimers owner, ConnectionSession session)
    {
        _connection = connection;
        _owner = owner;
        _session = session;
        _output = session.Output;
        _client = session.Client;
        _log = session.Log;
    }

    private ITimerScheduler Timers => _owner.Timers;

    private TimeSpan IdleTimeout => _session.Settings.IdleTimeout;

    private TimeSpan CloseGrace => _session.Settings.ShutdownGrace > TimeSpan.Zero ? _session.Settings.ShutdownGrace : TimeSpan.FromSeconds(1);

    /// <summary>Starts the periodic idle check when <c>idle-timeout</c> is set: four checks per timeout, at least a second apart.</summary>
    public void StartIdleChecks()
    {
        if (IdleTimeout > TimeSpan.Zero)
        {
            Timers.StartPeriodicTimer(IdleCheck.Instance, IdleCheck.Instance, TimeSpan.FromSeconds(Math.Max(1, IdleTimeout.TotalSeconds / 4)));
        }
    }

    /// <summary>
    /// An idle check came: a connection still taking commands (<paramref name="open"/>) that sent nothing for longer
    /// than <c>idle-timeout</c> is closed. As in Redis, subscribers and monitors are never idle-closed: they wait for
    /// messages (or other clients' commands) by design.
    /// </summary>
    public void CheckIdle(bool open)
    {
        if (open && !_session.Subscriptions.IsSubscribed && !_session.Counters.Monitors.Contains(_session.Host.Self)
            && DateTime.UtcNow - _client.LastCommandAt > IdleTimeout)
        {
            _log.Info("Client id={0} addr={1} idle for more than {2}; closing", _client.Id, _client.RemoteAddress, IdleTimeout);
            _session.Host.RequestClose();
        }
    }

    /// <summary>The request reader met bad input: what came before it goes to the rooms, the error is the last reply, then close.</summary>
    public void ProtocolError()
    {
        _session.Publisher.SendAll();
        _session.Counters.ProtocolError();
        _log.Info("Client id={0} addr={1}: {2}; closing the connection", _client.Id, _client.RemoteAddress, _session.Reader.Error);
        RespWriter.Error(_output.Replies.Ready, "ERR " + _session.Reader.Error);
        _session.Host.RequestClose();
    }

    /// <summary>
    /// The slow-consumer policy (disconnect): the client's queued output is dropped, it is told why, and it is
    /// closed; if it does not even take that last line within the grace period, the connection is aborted.
    /// </summary>
    public void ShedSlowConsumer(string reason)
    {
        var dropped = _output.Shed(reason);
        _log.Warning(
            "Client id={0} addr={1} name={2} closed as a slow consumer: {3}; {4} queued bytes dropped",
            _client.Id, _client.RemoteAddress, _client.Name ?? string.Empty, reason, dropped);
        // Leave every room now: while the last line drains (or the grace runs out), nothing more is fanned out to
        // this client and PUBLISH no longer counts it. Nobody waits for the rooms' answers.
        _session.LeaveAll(new AwaitedReply(0, suppressed: true));
        Timers.StartSingleTimer(GraceExpired.Instance, GraceExpired.Instance, CloseGrace);
        _session.Host.RequestClose();
    }

    /// <summary>CLIENT KILL: the queued output is dropped and the connection closed at once.</summary>
    public void Kill()
    {
        _log.Info("Client id={0} addr={1} killed by CLIENT KILL", _client.Id, _client.RemoteAddress);
        _output.Queue.DiscardQueued();
        _session.Host.RequestClose();
        _connection.Tell(Tcp.Close.Instance);
    }

    /// <summary>
    /// Everything queued is written: half-close, then drain the input until the client closes too. A plain Close
    /// would shut down both directions and dispose the socket at once, which resets it when input is unread or a
    /// read is pending. The grace starts (unless a shed started it already).
    /// </summary>
    public void HalfClose()
    {
        _connection.Tell(Tcp.ConfirmedClose.Instance);
        _connection.Tell(Tcp.ResumeReading.Instance);
        if (!Timers.IsTimerActive(GraceExpired.Instance))
        {
            Timers.StartSingleTimer(GraceExpired.Instance, GraceExpired.Instance, CloseGrace);
        }
    }

    /// <summary>The grace ran out before the client took its last bytes and closed: abort.</summary>
    public void OnGraceExpired()
    {
        _log.Info("Client id={0} addr={1} did not drain its output in time; aborting the connection", _client.Id, _client.RemoteAddress);
        _connection.Tell(Tcp.Abort.Instance);
    }

    /// <summary>A socket command failed: a failed write leaves a hole in the stream (Akka.IO 1.5.7x does not suspend writing), so abort; the actor stops.</summary>
    public void OnCommandFailed(Tcp.CommandFailed failed)
    {
        _log.Info("Client id={0} addr={1}: {2} failed ({3}); aborting the connection", _client.Id, _client.RemoteAddress, failed.Cmd.GetType().Name, failed.CauseString);
        _connection.Tell(Tcp.Abort.Instance);
    }

    /// <summary>The connection is closed (by either side, or by an error, which is logged); the actor stops.</summary>
    public void OnConnectionClosed(Tcp.ConnectionClosed closed)
    {
        if (closed is Tcp.ErrorClosed error)
        {
            _log.Debug("Client id={0} addr={1} connection error: {2}", _client.Id, _client.RemoteAddress, error.Cause);
        }
    }

    /// <summary>The close grace ran out (timer message).</summary>
    public sealed class GraceExpired
    {
        public static readonly GraceExpired Instance = new();

        private GraceExpired()
        {
        }
    }

    /// <summary>Time for an idle check (timer message).</summary>
    public sealed class IdleCheck
    {
        public static readonly IdleCheck Instance = new();

        private IdleCheck()
        {
        }
    }
}

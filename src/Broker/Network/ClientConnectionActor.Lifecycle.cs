using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Network.Output;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Broker.Network;

/// <summary>
/// The connection's lifecycle: the moves between its states (close requested, close sent, a failed AUTH's pause,
/// a slow consumer shed) and the socket events that end it. These are the <see cref="Session.IConnectionHost"/>
/// calls its parts make.
/// </summary>
public sealed partial class ClientConnectionActor
{
    /// <summary>Stop taking commands; close once every earlier reply has been written.</summary>
    public void RequestClose()
    {
        if (_phase is Phase.Running or Phase.AuthPaused)
        {
            GoTo(Phase.Closing);
        }

        FinishCloseIfDrained();
    }

    /// <summary>Pauses commands until the failed AUTH's WRONGPASS is due.</summary>
    public void PauseForFailedAuth(TimeSpan delay)
    {
        GoTo(Phase.AuthPaused);
        Timers.StartSingleTimer(AuthDelayElapsed.Instance, AuthDelayElapsed.Instance, delay);
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
        Timers.StartSingleTimer(CloseTimedOut.Instance, CloseTimedOut.Instance, CloseGrace);
        RequestClose();
    }

    public ClusterView? CurrentClusterView() => ClusterView.Of(Context.System);

    public void Watch(IActorRef actor) => Context.Watch(actor);

    public void Unwatch(IActorRef actor) => Context.Unwatch(actor);

    private void FinishCloseIfDrained()
    {
        if (_phase != Phase.Closing || !_output.IsDrainedForClose)
        {
            return;
        }

        // Half-close, then drain the input until the client closes too (see Closed): a plain Close would shut down
        // both directions and dispose the socket at once, which resets it when input is unread or a read is pending.
        GoTo(Phase.Closed);
        _connection.Tell(Tcp.ConfirmedClose.Instance);
        _connection.Tell(Tcp.ResumeReading.Instance);
        if (!Timers.IsTimerActive(CloseTimedOut.Instance))
        {
            Timers.StartSingleTimer(CloseTimedOut.Instance, CloseTimedOut.Instance, CloseGrace);
        }
    }

    private TimeSpan CloseGrace => _settings.ShutdownGrace > TimeSpan.Zero ? _settings.ShutdownGrace : TimeSpan.FromSeconds(1);

    /// <summary>The failed AUTH's WRONGPASS is due: send it, then close (last failure) or run what the client sent after it.</summary>
    private void OnAuthDelayElapsed()
    {
        switch (_session.Auth.ReleaseDelayedReply())
        {
            case Auth.Authenticator.Release.Close:
                RequestClose();
                Flush();
                break;
            case Auth.Authenticator.Release.Resume:
                if (_phase == Phase.AuthPaused)
                {
                    GoTo(Phase.Running);
                }

                RunReadCommands();
                break;
        }
    }

    private void OnCommandFailed(Tcp.CommandFailed failed)
    {
        // A failed write leaves a hole in the stream (Akka.IO 1.5.7x does not suspend writing): never go on.
        _log.Info("Client id={0} addr={1}: {2} failed ({3}); aborting the connection", _client.Id, _client.RemoteAddress, failed.Cmd.GetType().Name, failed.CauseString);
        _connection.Tell(Tcp.Abort.Instance);
        Context.Stop(Self);
    }

    private void OnConnectionClosed(Tcp.ConnectionClosed closed)
    {
        if (closed is Tcp.ErrorClosed error)
        {
            _log.Debug("Client id={0} addr={1} connection error: {2}", _client.Id, _client.RemoteAddress, error.Cause);
        }

        Context.Stop(Self);
    }

    private void OnKilled()
    {
        _log.Info("Client id={0} addr={1} killed by CLIENT KILL", _client.Id, _client.RemoteAddress);
        _output.Queue.DiscardQueued();
        RequestClose();
        _connection.Tell(Tcp.Close.Instance);
    }

    private void CheckIdle()
    {
        // As in Redis, subscribers are never idle-closed: they wait for messages by design.
        if (_phase is Phase.Running or Phase.AuthPaused && !_session.Subscriptions.IsSubscribed && DateTime.UtcNow - _client.LastCommandAt > _settings.IdleTimeout)
        {
            _log.Info("Client id={0} addr={1} idle for more than {2}; closing", _client.Id, _client.RemoteAddress, _settings.IdleTimeout);
            RequestClose();
        }
    }

    private void OnCloseTimedOut()
    {
        _log.Info("Client id={0} addr={1} did not drain its output in time; aborting the connection", _client.Id, _client.RemoteAddress);
        _connection.Tell(Tcp.Abort.Instance);
    }
}

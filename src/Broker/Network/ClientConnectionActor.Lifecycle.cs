using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Network.Session;
using Akka.Actor;

namespace ActorRooms.Broker.Network;

/// <summary>
/// The connection's lifecycle: the moves between its states (close requested, close sent, a failed AUTH's pause).
/// These are the <see cref="IConnectionHost"/> calls its parts make; how the socket is closed, shed or aborted, and
/// why, is the <see cref="ConnectionCloser"/>'s.
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

    /// <inheritdoc cref="ConnectionCloser.ShedSlowConsumer"/>
    public void ShedSlowConsumer(string reason) => _closer.ShedSlowConsumer(reason);

    public ClusterView? CurrentClusterView() => ClusterView.Of(Context.System);

    public void Watch(IActorRef actor) => Context.Watch(actor);

    public void Unwatch(IActorRef actor) => Context.Unwatch(actor);

    private void FinishCloseIfDrained()
    {
        if (_phase == Phase.Closing && _output.IsDrainedForClose)
        {
            GoTo(Phase.Closed);
            _closer.HalfClose();
        }
    }

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
}

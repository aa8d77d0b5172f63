using Akka.Actor;
using Akka.IO;

namespace ActorRooms.Broker.Network;

/// <summary>
/// Answers a connection the broker will not serve (past <c>max-clients</c>, or while shutting down) with one error
/// line, as Redis does past maxclients, then closes it as the broker closes any connection: a FIN after the line, and
/// what the client sends meanwhile (its first command, typically) read and dropped until it closes too. Closing with
/// that command unread would reset the socket, and the client could lose the line. A client that has not closed
/// within a few seconds is aborted.
/// </summary>
public sealed class RejectedConnectionActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan CloseWithin = TimeSpan.FromSeconds(5);

    private readonly IActorRef _connection;
    private readonly string _error;

    public RejectedConnectionActor(IActorRef connection, string error)
    {
        _connection = connection;
        _error = error;
        Receive<Tcp.Received>(_ => _connection.Tell(Tcp.ResumeReading.Instance));
        Receive<Tcp.ConnectionClosed>(_ => Context.Stop(Self));
        Receive<Tcp.CommandFailed>(_ => Context.Stop(Self));
        Receive<GiveUp>(_ =>
        {
            _connection.Tell(Tcp.Abort.Instance);
            Context.Stop(Self);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef connection, string error) =>
        Akka.Actor.Props.Create(() => new RejectedConnectionActor(connection, error));

    protected override void PreStart()
    {
        // All from this actor, so they arrive in this order; the listener binds in pull mode, so reading starts only
        // with ResumeReading. A client that closes first is closed by Akka.IO once the line is written.
        _connection.Tell(new Tcp.Register(Self, keepOpenOnPeerClosed: false, useResumeWriting: false));
        _connection.Tell(Tcp.Write.Create(ByteString.FromString($"-{_error}\r\n")));
        _connection.Tell(Tcp.ConfirmedClose.Instance);
        _connection.Tell(Tcp.ResumeReading.Instance);
        Timers.StartSingleTimer(GiveUp.Instance, GiveUp.Instance, CloseWithin);
    }

    private sealed class GiveUp
    {
        public static readonly GiveUp Instance = new();

        private GiveUp()
        {
        }
    }
}

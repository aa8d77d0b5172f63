using Akka.Actor;
using Akka.IO;

namespace ActorRooms.Broker.Network;

/// <summary>Answers a connection the broker will not serve with one error line, as Redis does past maxclients, then closes it.</summary>
public sealed class RejectedConnectionActor : ReceiveActor
{
    private readonly IActorRef _connection;
    private readonly string _error;

    public RejectedConnectionActor(IActorRef connection, string error)
    {
        _connection = connection;
        _error = error;
        Receive<Tcp.ConnectionClosed>(_ => Context.Stop(Self));
        Receive<Tcp.CommandFailed>(_ => Context.Stop(Self));
        Receive<ReceiveTimeout>(_ =>
        {
            _connection.Tell(Tcp.Abort.Instance);
            Context.Stop(Self);
        });
    }

    public static Props Props(IActorRef connection, string error) =>
        Akka.Actor.Props.Create(() => new RejectedConnectionActor(connection, error));

    protected override void PreStart()
    {
        _connection.Tell(new Tcp.Register(Self, keepOpenOnPeerClosed: false, useResumeWriting: false));
        _connection.Tell(Tcp.Write.Create(ByteString.FromString($"-{_error}\r\n")));
        _connection.Tell(Tcp.Close.Instance);
        Context.SetReceiveTimeout(TimeSpan.FromSeconds(5));
    }
}

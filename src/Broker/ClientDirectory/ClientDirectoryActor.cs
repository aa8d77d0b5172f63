using Akka.Actor;

namespace ActorRooms.Broker.ClientDirectory;

/// <summary>
/// The <c>clients</c> actor: knows every live connection, and answers CLIENT LIST and CLIENT KILL by asking the
/// connections themselves (each owns its state) through a short-lived <see cref="ClientQueryActor"/>.
/// </summary>
public sealed class ClientDirectoryActor : ReceiveActor
{
    private readonly HashSet<IActorRef> _clients = [];
    private long _nextQueryId;

    public ClientDirectoryActor()
    {
        Receive<RegisterClient>(_ =>
        {
            if (_clients.Add(Sender))
            {
                Context.Watch(Sender);
            }
        });
        Receive<Terminated>(t => _clients.Remove(t.ActorRef));
        Receive<QueryClients>(query =>
            Context.ActorOf(ClientQueryActor.Props(query, Sender, _clients.ToList(), ++_nextQueryId), $"query-{_nextQueryId}"));
    }

    /// <summary>Props for the directory.</summary>
    public static Props Props() => Akka.Actor.Props.Create(() => new ClientDirectoryActor());
}

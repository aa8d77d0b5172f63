using Akka.Actor;

namespace ActorRooms.Broker.ClientDirectory;

/// <summary>
/// Collects one description from every connection (a scatter-gather without Ask), applies the filter, closes the
/// matches for CLIENT KILL, answers the requester and stops. Connections that stop or do not answer in time are left out.
/// </summary>
public sealed class ClientQueryActor : ReceiveActor
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(2);

    private readonly QueryClients _query;
    private readonly IActorRef _requester;
    private readonly HashSet<IActorRef> _waiting;
    private readonly List<(ClientSnapshot Client, IActorRef Actor)> _described = [];
    private readonly long _queryId;

    public ClientQueryActor(QueryClients query, IActorRef requester, IReadOnlyList<IActorRef> clients, long queryId)
    {
        _query = query;
        _requester = requester;
        _queryId = queryId;
        _waiting = [.. clients];

        Receive<ClientDescribed>(d => d.QueryId == _queryId, described =>
        {
            if (_waiting.Remove(Sender))
            {
                _described.Add((described.Client, Sender));
            }

            FinishIfComplete();
        });
        Receive<Terminated>(t =>
        {
            _waiting.Remove(t.ActorRef);
            FinishIfComplete();
        });
        Receive<ReceiveTimeout>(_ => Finish());
    }

    public static Props Props(QueryClients query, IActorRef requester, IReadOnlyList<IActorRef> clients, long queryId) =>
        Akka.Actor.Props.Create(() => new ClientQueryActor(query, requester, clients, queryId));

    protected override void PreStart()
    {
        foreach (var client in _waiting)
        {
            Context.Watch(client);
            client.Tell(new DescribeClient(_queryId));
        }

        Context.SetReceiveTimeout(AnswerTimeout);
        FinishIfComplete();
    }

    private void FinishIfComplete()
    {
        if (_waiting.Count == 0)
        {
            Finish();
        }
    }

    private void Finish()
    {
        var matches = _described.Where(d => _query.Filter.Matches(d.Client)).OrderBy(d => d.Client.Id).ToList();
        if (_query.Kill)
        {
            // The requester closes itself after its reply is written; everyone else is closed now.
            foreach (var (_, actor) in matches.Where(m => !m.Actor.Equals(_requester)))
            {
                actor.Tell(KillClient.Instance);
            }
        }

        _requester.Tell(new ClientsQueried(_query.RequestId, matches.Select(m => m.Client).ToList()));
        Context.Stop(Self);
    }
}

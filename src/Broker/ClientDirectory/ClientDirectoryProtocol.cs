namespace ActorRooms.Broker.ClientDirectory;

/// <summary>Connection → directory, once at start: the directory watches it from then on.</summary>
public sealed record RegisterClient(long Id);

/// <summary>CLIENT LIST / CLIENT KILL: describe (and, with <paramref name="Kill"/>, close) the clients that match.</summary>
public sealed record QueryClients(long RequestId, ClientFilter Filter, bool Kill);

/// <summary>The answer to <see cref="QueryClients"/>: the matching clients, in id order.</summary>
public sealed record ClientsQueried(long RequestId, IReadOnlyList<ClientSnapshot> Clients);

/// <summary>Directory → connection: reply with <see cref="ClientDescribed"/>.</summary>
public sealed record DescribeClient(long QueryId);

/// <summary>A connection's description of itself.</summary>
public sealed record ClientDescribed(long QueryId, ClientSnapshot Client);

/// <summary>Close this connection at once (CLIENT KILL).</summary>
public sealed class KillClient
{
    public static KillClient Instance { get; } = new();

    private KillClient()
    {
    }
}


using System.Net;
using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>
/// One run of a scenario against one server: the clients it opens and a single transcript of what each sent and
/// received, in scenario order. Two runs of the same scenario, against redis-server and against the broker, must
/// produce the same transcript.
/// </summary>
public sealed class ScenarioRun : IAsyncDisposable
{
    private readonly IPEndPoint _endpoint;
    private readonly List<ScenarioClient> _clients = [];

    public ScenarioRun(IPEndPoint endpoint) => _endpoint = endpoint;

    /// <summary>Everything sent and received so far.</summary>
    public StringBuilder Transcript { get; } = new();

    /// <summary>Opens a client named <paramref name="name"/>; with protocol 3 it first switches with HELLO 3 (whose reply differs by server and is not compared).</summary>
    public async Task<ScenarioClient> ConnectAsync(string name, int protocol = 2)
    {
        var client = new ScenarioClient(name, await RespConnection.ConnectAsync(_endpoint), Transcript);
        _clients.Add(client);
        if (protocol != 2)
        {
            await client.HelloAsync(protocol);
        }

        return client;
    }

    /// <summary>
    /// Ends the scenario: each client still open sends RESET and reads one reply. Any frame the server sent beyond
    /// what the scenario read shows up there instead of <c>+RESET</c>; RESET also leaves the server without this
    /// run's subscriptions before the next scenario.
    /// </summary>
    public async Task FinishAsync()
    {
        foreach (var client in _clients.Where(c => !c.Closed))
        {
            await client.SendAsync("RESET");
            await client.ReceiveAsync();
            client.RecordUnread();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }
}

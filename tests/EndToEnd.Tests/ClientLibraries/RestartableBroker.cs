using ActorRooms.Broker.Hosting;

namespace ActorRooms.EndToEnd.Tests.ClientLibraries;

/// <summary>An in-process broker that a test can stop and start again on the same port, as an operator restarts one.</summary>
public sealed class RestartableBroker : IAsyncDisposable
{
    private BrokerNode _node;

    private RestartableBroker(BrokerNode node) => _node = node;

    /// <summary>The port the broker listens on, before and after a restart.</summary>
    public int Port => _node.Endpoint.Port;

    /// <summary>The address and port the broker listens on, before and after a restart.</summary>
    public System.Net.IPEndPoint Endpoint => _node.Endpoint;

    public static async Task<RestartableBroker> StartAsync() =>
        new(await BrokerNode.StartAsync(BrokerConfiguration.Load(port: 0), handleConsoleSignals: false));

    /// <summary>Stops the broker (its clients lose their connections) and starts a new one on the same port.</summary>
    public async Task RestartAsync()
    {
        var port = Port;
        await _node.DisposeAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                _node = await BrokerNode.StartAsync(BrokerConfiguration.Load(port: port), handleConsoleSignals: false);
                return;
            }
            catch (Exception e) when (DateTime.UtcNow < deadline && e is not OutOfMemoryException)
            {
                // The port may still be held for a moment by the stopped listener: bind again, bounded.
                await Task.Delay(100);
            }
        }
    }

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}

using System.Net;
using ActorRooms.Broker.Hosting;

namespace ActorRooms.EndToEnd.Tests.Infrastructure;

/// <summary>One in-process broker on a free loopback port, shared by the tests that use it (default settings).</summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private BrokerNode? _node;

    /// <summary>Where the broker listens.</summary>
    public IPEndPoint Endpoint => Node.Endpoint;

    /// <summary>The running node.</summary>
    public BrokerNode Node => _node ?? throw new InvalidOperationException("The broker has not started.");

    public async ValueTask InitializeAsync() => _node = await BrokerNode.StartAsync(BrokerConfiguration.Load(port: 0));

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}

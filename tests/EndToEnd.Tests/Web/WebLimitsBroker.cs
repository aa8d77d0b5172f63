using ActorRooms.Broker.Hosting;
using Akka.Configuration;

namespace ActorRooms.EndToEnd.Tests.Web;

/// <summary>
/// A broker with small bounds, so floods and stalls reach them fast: 256 KiB of output per connection, ROOM.JOIN
/// members behind past 64 KiB, two messages of history. HTTP on a free port.
/// </summary>
public sealed class WebLimitsBroker : IAsyncLifetime
{
    private BrokerNode? _node;

    public BrokerNode Node => _node ?? throw new InvalidOperationException("The broker has not started.");

    public async ValueTask InitializeAsync() => _node = await BrokerNode.StartAsync(ConfigurationFactory.ParseString("""
        actor-rooms.broker {
          connection.max-queued-bytes = 256k
          rooms.member-behind-bytes = 64k
          rooms.member-backlog-bytes = 64k
          rooms.history-size = 2
        }
        """).WithFallback(BrokerConfiguration.Load(port: 0)));

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}

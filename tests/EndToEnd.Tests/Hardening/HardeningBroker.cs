using ActorRooms.Broker.Hosting;
using Akka.Configuration;

namespace ActorRooms.EndToEnd.Tests.Hardening;

/// <summary>
/// A broker for one hardening spec class: small protocol limits, so hostile input reaches them cheaply, and rooms
/// that stop soon after their last subscriber leaves, so churn can be seen to leave nothing behind.
/// </summary>
public sealed class HardeningBroker : IAsyncLifetime
{
    public const int MaxBulkLength = 4096;
    public const int MaxInlineLength = 256;
    public const int MaxArguments = 16;
    public const string RoomIdleStopAfter = "200ms";

    private BrokerNode? _node;

    public BrokerNode Node => _node ?? throw new InvalidOperationException("The broker has not started.");

    public async ValueTask InitializeAsync()
    {
        var limits = ConfigurationFactory.ParseString($$"""
            actor-rooms.broker {
              protocol { max-bulk-length = {{MaxBulkLength}}, max-inline-length = {{MaxInlineLength}}, max-arguments = {{MaxArguments}} }
              rooms.idle-stop-after = {{RoomIdleStopAfter}}
            }
            """);
        _node = await BrokerNode.StartAsync(limits.WithFallback(BrokerConfiguration.Load(port: 0)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}

using ActorRooms.Broker.Hosting;
using Akka.Configuration;

namespace ActorRooms.EndToEnd.Tests.Limits;

/// <summary>A broker whose every limit is small, so each one can be hit cheaply.</summary>
public sealed class SmallLimitsBroker : IAsyncLifetime
{
    public const int MaxClients = 4;
    public const int MaxSubscriptions = 3;
    public const int MaxBulkLength = 1024;
    public const int MaxInlineLength = 64;
    public const int MaxArguments = 5;
    public const int MaxQueuedBytes = 256 * 1024;

    private BrokerNode? _node;

    public BrokerNode Node => _node ?? throw new InvalidOperationException("The broker has not started.");

    public async ValueTask InitializeAsync()
    {
        var limits = ConfigurationFactory.ParseString($$"""
            actor-rooms.broker {
              max-clients = {{MaxClients}}
              idle-timeout = 1s
              protocol { max-bulk-length = {{MaxBulkLength}}, max-inline-length = {{MaxInlineLength}}, max-arguments = {{MaxArguments}} }
              connection { max-subscriptions = {{MaxSubscriptions}}, max-queued-bytes = {{MaxQueuedBytes}}, pause-reading-above = 16k }
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

using ActorRooms.Broker.Hosting;
using Akka.Configuration;

namespace ActorRooms.EndToEnd.Tests.Rooms;

/// <summary>A broker whose room-feature bounds are small, so behind, dropping, conflating and idle stops happen cheaply.</summary>
public sealed class RoomFeaturesBroker : IAsyncLifetime
{
    public const int MemberBehindBytes = 64 * 1024;
    public const int MemberBacklogBytes = 64 * 1024;

    private BrokerNode? _node;

    public BrokerNode Node => _node ?? throw new InvalidOperationException("The broker has not started.");

    public async ValueTask InitializeAsync()
    {
        var config = ConfigurationFactory.ParseString($$"""
            actor-rooms.broker.rooms {
              idle-stop-after = 500ms
              member-behind-bytes = {{MemberBehindBytes}}
              member-backlog-bytes = {{MemberBacklogBytes}}
            }
            """);
        _node = await BrokerNode.StartAsync(config.WithFallback(BrokerConfiguration.Load(port: 0)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}

[CollectionDefinition(nameof(RoomFeaturesCollection))]
public sealed class RoomFeaturesCollection : ICollectionFixture<RoomFeaturesBroker>;

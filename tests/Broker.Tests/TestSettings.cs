using ActorRooms.Broker.Hosting;

namespace ActorRooms.Broker.Tests;

/// <summary>The shipped defaults (hocon/broker.conf), for specs that tweak one or two values with <c>with</c>.</summary>
internal static class TestSettings
{
    public static BrokerSettings Default { get; } = BrokerSettings.Create(BrokerConfiguration.Load(port: 0));
}

using ActorRooms.Broker.Hosting;

namespace ActorRooms.Broker.Tests;

/// <summary>The shipped defaults (hocon/broker.conf), for specs that tweak one or two values with <c>with</c>.</summary>
internal static class TestSettings
{
    public static BrokerSettings Default { get; } = BrokerSettings.Create(BrokerConfiguration.Load(port: 0));

    /// <summary>
    /// One read at a time: the next is asked for only once every reply of the last has left. For specs that take the
    /// connection's <c>ResumeReading</c> as the sign that a read is done (by default it reads on while replies wait).
    /// </summary>
    public static BrokerSettings OneReadAtATime { get; } = Default with { MaxUnansweredReadBytes = 1 };
}

using ActorRooms.Clients.Hosting;
using Akka.Configuration;

namespace ActorRooms.Clients.Tests.Support;

/// <summary>The shipped defaults (hocon/clients.conf) as typed settings, and the TestKit config with virtual time.</summary>
internal static class TestConfigs
{
    /// <summary>Akka's TestScheduler: timers fire only when a test advances the clock.</summary>
    public const string VirtualTime = """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = INFO
        """;

    public static Config Defaults { get; } = ClientsConfiguration.Load();

    public static PumpSettings Pump { get; } = PumpSettings.Create(Defaults);

    public static ReaderSettings Reader { get; } = ReaderSettings.Create(Defaults);

    public static ConnectionSettings Connection { get; } = ConnectionSettings.Create(Defaults);
}

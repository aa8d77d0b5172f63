namespace ActorRooms.Benchmarks;

/// <summary>Settings of one benchmark run, from the command line.</summary>
public sealed record SuiteOptions(
    IReadOnlyList<string> Servers,
    IReadOnlyList<string> Scenarios,
    IReadOnlyList<int> FanOutSubscribers,
    int PayloadBytes,
    TimeSpan Measure,
    int Runs,
    int IdleConnections,
    TimeSpan BackPressureDuration,
    string BrokerDll,
    string? BrokerConfig,
    IReadOnlyList<int> ManyRooms,
    string? GcDumpFolder,
    IReadOnlyList<int> LatencyRates,
    TimeSpan ColdWindow,
    PipelinedRoomsSettings PipelinedRooms,
    int WebSocketSubscribers = 1_000);

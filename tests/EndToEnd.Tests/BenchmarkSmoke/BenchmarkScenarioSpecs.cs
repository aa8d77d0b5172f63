using System.Diagnostics;
using ActorRooms.Benchmarks;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.BenchmarkSmoke;

/// <summary>
/// Each benchmark scenario that runs against several servers, once, briefly and small, against ActorRooms and
/// nats-server (skipped, or failed on CI, without nats-server on PATH), and F1 over TLS against ActorRooms and
/// redis-server (nats-server is not in it; likewise skipped without redis-server): the benchmark's own clients connect, subscribe,
/// publish and count in each server's protocol, and every published message is delivered. No timing is asserted;
/// these only show that the instrument works, so the real comparison does not fail half-way on a quiet machine.
/// </summary>
public sealed class BenchmarkScenarioSpecs
{
    private static readonly string BrokerDll = Path.Combine(AppContext.BaseDirectory, "ActorRooms.Broker.dll");
    private static readonly TimeSpan Warmup = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Measure = TimeSpan.FromMilliseconds(500);

    public static TheoryData<string> Servers => [Report.Ours, ServerUnderTest.Nats];

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task F1_fan_out_delivers_every_message_to_every_subscriber(string server)
    {
        var result = await RunAsync(server, running => new FanOutScenario(3, 128, Warmup, Measure, window: 2_000).RunAsync(running));

        Assert.True(result.DeliveredPerSecond > 0, "nothing was delivered while measuring");
        Assert.Equal(0, result.Lost);
    }

    public static TheoryData<string> TlsServers => [Report.Ours, Report.Theirs];

    [Theory]
    [MemberData(nameof(TlsServers))]
    public async Task Should_deliver_every_message_to_every_subscriber_when_F1_runs_over_tls(string server)
    {
        using var certificate = new BenchmarkCertificate();
        await using var running = await StartAsync(server, certificate);

        var result = await new FanOutScenario(3, 128, Warmup, Measure, window: 2_000).RunAsync(running);

        Assert.StartsWith("TLS_", running.Tls!.Negotiated, StringComparison.Ordinal);
        Assert.True(result.DeliveredPerSecond > 0, "nothing was delivered while measuring");
        Assert.Equal(0, result.Lost);
        Assert.True(result.ServerCpuPercent > 0 && result.ClientCpuPercent > 0, "CPU was not read");
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task F2_latency_measures_the_cold_and_the_warm_window_apart(string server)
    {
        await using var running = await StartAsync(server);
        // A cold window that ends a little after publishing starts, so both windows get samples in a brief run.
        var cold = Stopwatch.GetElapsedTime(running.StartedAt) + TimeSpan.FromMilliseconds(500);

        var result = await new LatencyScenario(5, 500, 128, Warmup, Measure, cold).RunAsync(running);

        Assert.True(result.Cold.Samples > 0, "no sample in the cold window");
        Assert.True(result.Warm.Samples > 0, "no sample in the warm window");
        Assert.True(result.Warm.P50 <= result.Warm.P99 && result.Warm.P99 <= result.Warm.Max, "percentiles out of order");
        Assert.Equal(0, result.Lost);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task F3_many_rooms_delivers_every_message(string server)
    {
        var result = await RunAsync(server, running => new ManyRoomsScenario(20, 2, 128, Warmup, Measure).RunAsync(running));

        Assert.True(result.DeliveredPerSecond > 0, "nothing was delivered while measuring");
        Assert.Equal(0, result.Lost);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task F4_pipelined_many_rooms_delivers_every_publish_to_its_room(string server)
    {
        // 30 rooms and 8 publishes per write: a publisher's writes wrap around the room list mid-write.
        var settings = new PipelinedRoomsSettings(Rooms: 30, Publishers: 2, Batch: 8, Unanswered: 64, Warmup, Measure);

        var result = await RunAsync(server, running => new PipelinedRoomsScenario(settings, 128).RunAsync(running));

        Assert.True(result.Published > 0, "nothing was published");
        Assert.True(result.DeliveredPerSecond > 0, "nothing was delivered while measuring");
        Assert.Equal(0, result.Errors);
        Assert.Equal(0, result.Lost);
        Assert.True(result.ServerCpuPercent > 0 && result.ClientCpuPercent > 0, "CPU was not read");
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task C1_idle_connections_are_all_subscribed_and_measured(string server)
    {
        // Throws unless every connection's subscription is confirmed.
        var result = await RunAsync(server, running => new IdleConnectionsScenario(50, settle: TimeSpan.FromMilliseconds(100)).RunAsync(running));

        Assert.Equal(50, result.Connections);
        Assert.True(result.RssBefore > 0 && result.RssAfter > 0, "the server's memory was not read");
    }

    // One scenario run on a fresh server process, stopped afterwards.
    private static async Task<T> RunAsync<T>(string server, Func<ServerUnderTest, Task<T>> scenario)
    {
        await using var running = await StartAsync(server);
        return await scenario(running);
    }

    private static async Task<ServerUnderTest> StartAsync(string server, BenchmarkCertificate? tls = null)
    {
        _ = server switch
        {
            ServerUnderTest.Nats => ExternalTools.NatsServer,
            Report.Theirs => ExternalTools.RedisServer,
            _ => server,
        };

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return await ServerUnderTest.StartAsync(server, BrokerDll, tls: tls).WaitAsync(timeout.Token);
    }
}

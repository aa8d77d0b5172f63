using System.Net;
using ActorRooms.Broker.Hosting;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>
/// The two servers a differential test compares: a real redis-server (started on first use, so a machine without it
/// skips only the tests that need it) and a broker of our own, not shared with other tests, because scenarios such as
/// PUBSUB NUMPAT see server-wide state.
/// </summary>
public sealed class DifferentialServers : IAsyncLifetime
{
    private readonly SemaphoreSlim _redisStart = new(1, 1);
    private BrokerNode? _broker;
    private RedisServerProcess? _redis;

    /// <summary>Our broker's endpoint.</summary>
    public IPEndPoint Broker => (_broker ?? throw new InvalidOperationException("The broker has not started.")).Endpoint;

    /// <summary>redis-server's endpoint; skips (fails on CI) the calling test when redis-server is not installed.</summary>
    public async Task<IPEndPoint> RedisAsync()
    {
        var executable = ExternalTools.RedisServer;
        await _redisStart.WaitAsync();
        try
        {
            _redis ??= await RedisServerProcess.StartAsync(executable);
            return _redis.Endpoint;
        }
        finally
        {
            _redisStart.Release();
        }
    }

    public async ValueTask InitializeAsync() => _broker = await BrokerNode.StartAsync(BrokerConfiguration.Load(port: 0));

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _redisStart.Dispose();
    }
}

using ActorRooms.Broker.Hosting;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Clients;

/// <summary>
/// A Redis-protocol server on loopback for the clients' end-to-end tests: our broker started in-process on a free
/// port, or a real <c>redis-server</c> process (<see cref="RedisServerProcess"/>; skipped or failed as
/// <see cref="ExternalTools"/> says when it is not installed). Disposing stops it.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly BrokerNode? _broker;
    private readonly RedisServerProcess? _redis;

    private TestServer(int port, BrokerNode? broker, RedisServerProcess? redis)
    {
        Port = port;
        _broker = broker;
        _redis = redis;
    }

    public int Port { get; }

    public static async Task<TestServer> StartAsync(string kind, int port = 0) => kind switch
    {
        "actorrooms" => await StartBrokerAsync(port),
        "redis-server" => await StartRedisAsync(),
        _ => throw new ArgumentException($"Unknown server '{kind}'.", nameof(kind)),
    };

    public static async Task<TestServer> StartBrokerAsync(int port = 0)
    {
        var broker = await BrokerNode.StartAsync(BrokerConfiguration.Load(port: port));
        return new TestServer(broker.Endpoint.Port, broker, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private static async Task<TestServer> StartRedisAsync()
    {
        var redis = await RedisServerProcess.StartAsync(ExternalTools.RedisServer);
        return new TestServer(redis.Endpoint.Port, null, redis);
    }
}

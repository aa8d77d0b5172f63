using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ActorRooms.Broker.Hosting;

namespace ActorRooms.Clients.Tests.Support;

/// <summary>
/// A Redis-protocol server on loopback for end-to-end tests: our broker started in-process on a free port, or a
/// real <c>redis-server</c> process (skipped with the reason when it is not installed, failed instead when
/// ACTORROOMS_REQUIRE_EXTERNAL_TOOLS=1, as in CI). Disposing stops it.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly BrokerNode? _broker;
    private readonly Process? _redis;

    private TestServer(int port, BrokerNode? broker, Process? redis)
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
            if (!_redis.HasExited)
            {
                _redis.Kill(entireProcessTree: true);
                await _redis.WaitForExitAsync();
            }

            _redis.Dispose();
        }
    }

    private static async Task<TestServer> StartRedisAsync()
    {
        var executable = FindOnPath("redis-server");
        if (executable is null)
        {
            const string reason = "redis-server is not installed (apt-get install redis-server); .ci/run installs it.";
            if (Environment.GetEnvironmentVariable("ACTORROOMS_REQUIRE_EXTERNAL_TOOLS") == "1")
            {
                Assert.Fail(reason);
            }

            Assert.Skip(reason);
        }

        var port = FreePort.Next();
        var start = new ProcessStartInfo(executable, ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new TestServer(port, null, process);
        try
        {
            await WaitUntilListeningAsync(process, port);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitUntilListeningAsync(Process process, int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode} before it listened on {port}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"redis-server did not listen on {port} within 15 s.");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ActorRooms.Benchmarks;

/// <summary>
/// A server process the benchmark starts on loopback, measures and stops: our broker (a Release build of
/// src/Broker) or redis-server. Both get the same port treatment and the same readiness check (PING).
/// </summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly Process _process;

    private ServerUnderTest(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts <paramref name="kind"/> ("actorrooms" or "redis") on a free loopback port and waits until it answers PING.</summary>
    public static async Task<ServerUnderTest> StartAsync(string kind, string brokerDll, string? brokerConfig = null)
    {
        var port = FreePort();
        var start = kind switch
        {
            "actorrooms" => new ProcessStartInfo("dotnet", [brokerDll, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. brokerConfig is null ? Array.Empty<string>() : ["--config", brokerConfig]]),
            "redis" => new ProcessStartInfo("redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]),
            _ => throw new ArgumentException($"Unknown server '{kind}' (actorrooms or redis).", nameof(kind)),
        };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerUnderTest(kind, process, port);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>CPU time the server has used so far (user + system), from /proc.</summary>
    public TimeSpan CpuTime => ProcessStats.CpuTime(_process.Id);

    /// <summary>Resident memory now, and its peak, from /proc.</summary>
    public (long Rss, long PeakRss) Memory => ProcessStats.Memory(_process.Id);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer);
                if (read > 0 && buffer[0] == (byte)'+')
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Name} did not answer PING on port {Port} within 30 s.");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

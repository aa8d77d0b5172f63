using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ActorRooms.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real redis-server on a free loopback port, without persistence, for differential tests. Started and probed
/// with PING within a bounded time; killed on dispose.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private RedisServerProcess(Process process, ConcurrentQueue<string> output, IPEndPoint endpoint)
    {
        _process = process;
        _output = output;
        Endpoint = endpoint;
    }

    /// <summary>Where the server listens.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>Starts redis-server from <paramref name="executable"/> and waits until it answers PING.</summary>
    /// <exception cref="InvalidOperationException">It did not start (after a few ports were tried).</exception>
    public static async Task<RedisServerProcess> StartAsync(string executable, params string[] extraArguments)
    {
        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // The port was free when picked; another process may take it before redis-server binds, so retry.
            var port = FreePort.Next();
            var output = new ConcurrentQueue<string>();
            var process = Launch(executable, port, output, extraArguments);
            var endpoint = new IPEndPoint(IPAddress.Loopback, port);
            if (await AnswersPingAsync(process, endpoint))
            {
                return new RedisServerProcess(process, output, endpoint);
            }

            await StopAsync(process);
            failures.Add($"port {port}: {string.Join(Environment.NewLine, output)}");
        }

        throw new InvalidOperationException($"redis-server did not start: {string.Join(Environment.NewLine, failures)}");
    }

    public async ValueTask DisposeAsync() => await StopAsync(_process);

    /// <summary>What the server printed (warnings and errors), for diagnostics.</summary>
    public override string ToString() => $"redis-server at {Endpoint}: {string.Join(Environment.NewLine, _output)}";

    private static Process Launch(string executable, int port, ConcurrentQueue<string> output, string[] extraArguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in (string[])["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning", .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 100)
        {
            output.TryDequeue(out _);
        }
    }

    private static async Task<bool> AnswersPingAsync(Process process, IPEndPoint endpoint)
    {
        var answered = false;
        // A server that exited will never answer: stop waiting for it at once.
        await Eventually.WithinAsync(async () => process.HasExited || (answered = await PingsAsync(endpoint)), StartTimeout);
        return answered;
    }

    private static async Task<bool> PingsAsync(IPEndPoint endpoint)
    {
        try
        {
            await using var connection = await RespConnection.ConnectAsync(endpoint);
            await connection.SendAsync(Resp.Bytes("PING\r\n"));
            var reply = await connection.ReadFrameAsync(TimeSpan.FromSeconds(2));
            // A server with a password answers NOAUTH: it is up all the same.
            return reply.AsSpan().SequenceEqual("+PONG\r\n"u8) || reply.AsSpan().StartsWith("-NOAUTH"u8);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or OperationCanceledException)
        {
            // Not listening yet (or still loading): try again shortly.
            return false;
        }
    }

    private static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or it would not die in time; the OS reaps it with the test process.
        }
        finally
        {
            process.Dispose();
        }
    }
}

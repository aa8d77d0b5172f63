using System.Diagnostics;
using System.Net;
using System.Text;
using ActorRooms.EndToEnd.Tests.Hardening;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Lifecycle;

/// <summary>The broker as a person runs it: the real program, its options, its exit codes and its shutdown.</summary>
public sealed class BrokerProgramSpecs
{
    private static readonly string BrokerDll = Path.Combine(AppContext.BaseDirectory, "ActorRooms.Broker.dll");
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("--port", "70000")]
    [InlineData("--bind", "not-an-address")]
    [InlineData("--no-such-option")]
    [InlineData("--config", "/no/such/file.conf")]
    [InlineData("--cluster-port", "70000")]
    [InlineData("--cluster-port", "0", "--seed", "no-port-here")]
    public async Task Should_explain_and_exit_non_zero_when_an_option_is_wrong(params string[] arguments)
    {
        var (exitCode, _, errors) = await CliProcess.RunAsync("dotnet", Bound, [BrokerDll, .. arguments]);

        Assert.NotEqual(0, exitCode);
        Assert.False(string.IsNullOrWhiteSpace(errors));
    }

    [Fact]
    public async Task Should_say_so_and_exit_non_zero_when_the_port_is_taken()
    {
        var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;

            var (exitCode, _, errors) = await CliProcess.RunAsync("dotnet", Bound, BrokerDll, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

            Assert.Equal(2, exitCode);
            Assert.Contains($"Cannot listen on 127.0.0.1:{port}", errors, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public async Task Should_flush_close_connections_and_exit_zero_when_sent_sigterm()
    {
        var port = FreePort.Next();
        using var broker = StartBroker(port);
        try
        {
            await ShutDownFloodedBrokerAsync(broker, port);
        }
        finally
        {
            if (!broker.HasExited)
            {
                broker.Kill();
            }
        }
    }

    // A reader that starts reading 8 s after the signal must still get everything within a 60 s grace: the close
    // waits for it, and the port is not unbound (which in Akka.IO resets every accepted socket) before it has closed.
    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public Task Should_end_a_flooded_subscriber_with_every_message_and_a_fin_not_a_reset_when_sent_sigterm(int readAfterSeconds) =>
        WithLongGraceAsync(async (broker, endpoint) =>
        {
            const int messages = 40_000;
            using var subscriber = await RawSocket.ConnectAsync(endpoint);
            await subscriber.TrySendAsync(Resp.Command("SUBSCRIBE", "news"));
            await subscriber.ReadFramesAsync(1);
            subscriber.ClearReceived();
            // The publisher closes once its messages are in: a client still open after the broker's FIN would hold
            // the shutdown for the whole grace.
            await using (var publisher = await RespConnection.ConnectAsync(endpoint))
            {
                await publisher.SendAsync(Enumerable.Range(0, messages).SelectMany(i => Resp.Command("PUBLISH", "news", $"message-{i:D6}")).ToArray());
                await publisher.ReadFramesAsync(messages, Bound);
            }

            // Much of the flood is still queued or in socket buffers when the signal comes; the subscriber reads it all.
            Signal(broker, "TERM");
            // A slow reader on purpose (not a wait for a condition): the broker must hold its output for the grace.
            await Task.Delay(TimeSpan.FromSeconds(readAfterSeconds));
            await subscriber.ReadUntilClosedAsync(Bound);

            Assert.False(subscriber.WasReset, "The broker reset the subscriber's connection instead of closing it.");
            Assert.True(subscriber.PeerClosed);
            Assert.Equal(messages, RawSocket.CountFrames(subscriber.Received));
        });

    [Fact]
    public Task Should_answer_a_newcomer_with_an_error_while_open_connections_close_after_sigterm() =>
        WithLongGraceAsync(async (broker, endpoint) =>
        {
            // A subscriber that does not close when the broker's FIN comes holds the shutdown in its close phase.
            using var lingering = await RawSocket.ConnectAsync(endpoint);
            await lingering.TrySendAsync(Resp.Command("SUBSCRIBE", "news"));
            await lingering.ReadFramesAsync(1);

            Signal(broker, "TERM");
            await lingering.ReadUntilClosedAsync(Bound);
            // Its first command is read and dropped, not left unread (closing on unread input would reset the socket).
            using var newcomer = await RawSocket.ConnectAsync(endpoint);
            await newcomer.TrySendAsync(Resp.Command("PING"));
            await newcomer.ReadUntilClosedAsync(Bound);

            Assert.Equal("-ERR the broker is shutting down\r\n", Encoding.ASCII.GetString(newcomer.Received));
            Assert.False(newcomer.WasReset, "The newcomer was reset instead of answered and closed.");
            Assert.False(broker.HasExited, "The broker exited before the lingering subscriber closed.");
        });

    // The broker program with shutdown-grace = 60s: what is tested is the close within the grace, and the default 5 s
    // could run out for a test's own reader on a starved machine. Once the test's clients are gone (disposed at its
    // end), the broker must exit 0 with its last line; it is killed, and its file deleted, whatever happens.
    private static async Task WithLongGraceAsync(Func<Process, IPEndPoint, Task> test)
    {
        var port = FreePort.Next();
        var config = Path.Combine(Path.GetTempPath(), $"actorrooms-grace-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(config, "actor-rooms.broker.shutdown-grace = 60s\n");
        using var broker = StartBroker(port, "--config", config);
        try
        {
            var output = await ReadBannerAsync(broker, port);
            await test(broker, new IPEndPoint(IPAddress.Loopback, port));
            using var deadline = new CancellationTokenSource(Bound);
            await broker.WaitForExitAsync(deadline.Token);
            Assert.Equal(0, broker.ExitCode);
            Assert.EndsWith("ActorRooms broker stopped.\n", await output, StringComparison.Ordinal);
        }
        finally
        {
            if (!broker.HasExited)
            {
                broker.Kill();
            }

            File.Delete(config);
        }
    }

    // Log lines come first; the banner says where the broker listens. Returns the rest of the output, read to its end.
    private static async Task<Task<string>> ReadBannerAsync(Process broker, int port)
    {
        string? line;
        do
        {
            line = await broker.StandardOutput.ReadLineAsync().WaitAsync(Bound);
        }
        while (line is not null && !line.StartsWith("ActorRooms broker listening", StringComparison.Ordinal));

        Assert.Equal($"ActorRooms broker listening on 127.0.0.1:{port} (Redis protocol; try: redis-cli -p {port} PING). Ctrl+C stops it.", line);
        return broker.StandardOutput.ReadToEndAsync();
    }

    private static async Task ShutDownFloodedBrokerAsync(Process broker, int port)
    {
        var restOfOutput = await ReadBannerAsync(broker, port);
        await using var subscriber = await RespConnection.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await subscriber.SendCommandAsync("SUBSCRIBE", "news");
        await subscriber.ReadFrameAsync();
        await using var publisher = await RespConnection.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await publisher.SendAsync(Enumerable.Range(0, 500).SelectMany(i => Resp.Command("PUBLISH", "news", $"m{i}")).ToArray());
        await publisher.ReadFramesAsync(500);

        Signal(broker, "TERM");
        using var deadline = new CancellationTokenSource(Bound);
        await broker.WaitForExitAsync(deadline.Token);
        var (received, closed) = await subscriber.ReadUntilClosedAsync();

        Assert.Equal(0, broker.ExitCode);
        Assert.EndsWith("ActorRooms broker stopped.\n", await restOfOutput, StringComparison.Ordinal);
        Assert.True(closed);
        // Everything published before the signal reached the subscriber before its connection closed.
        var text = Encoding.Latin1.GetString(received);
        Assert.True(text.Contains("$4\r\nm499\r\n", StringComparison.Ordinal), $"{text.Length} bytes: ...{text[Math.Max(0, text.Length - 300)..]}");
    }

    private static Process StartBroker(int port, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BrokerDll);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var argument in extra)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the broker.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}

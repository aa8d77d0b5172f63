using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorRooms.Benchmarks;

/// <summary>What one fan-out run measured.</summary>
public sealed record FanOutResult(
    string Server,
    int Subscribers,
    int PayloadBytes,
    double DeliveredPerSecond,
    long Lost,
    double ServerCpuPercent,
    double ClientCpuPercent,
    long ServerPeakRss,
    double Fairness);

/// <summary>
/// F1 fan-out: one room, one publisher, N subscribers, fixed-size payloads, closed loop (the publisher stays at most
/// <c>window</c> messages ahead of the slowest subscriber, so nothing is shed and loss must be 0). The client is lean
/// raw sockets: subscribers count bytes (every frame has the same size), the publisher pipelines pre-encoded blocks.
/// </summary>
public sealed class FanOutScenario(int subscribers, int payloadBytes, TimeSpan warmup, TimeSpan measure, int window)
{
    private const string Room = "bench";
    private const int BlockMessages = 64;

    public async Task<FanOutResult> RunAsync(ServerUnderTest server)
    {
        var frameSize = MessageFrame(payloadBytes).Length;
        var readers = new List<SubscriberCounter>();
        for (var i = 0; i < subscribers; i++)
        {
            readers.Add(await SubscriberCounter.ConnectAsync(server.Port, Room, frameSize));
        }

        using var publisher = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await publisher.ConnectAsync(IPAddress.Loopback, server.Port);
        var block = PublishBlock(payloadBytes);
        using var stop = new CancellationTokenSource();
        var replies = DrainAsync(publisher, stop.Token);
        long published = 0;

        var publishing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var slowest = readers.Min(r => r.Frames);
                if (published - slowest + BlockMessages > window)
                {
                    await Task.Yield();
                    continue;
                }

                await publisher.SendAsync(block, SocketFlags.None);
                published += BlockMessages;
            }
        });

        await Task.Delay(warmup);
        var clientCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu0 = server.CpuTime;
        var delivered0 = readers.Sum(r => r.Frames);
        var perReader0 = readers.Select(r => r.Frames).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.Delay(measure);
        var elapsed = clock.Elapsed;
        var delivered1 = readers.Sum(r => r.Frames);
        var perReader = readers.Select((r, i) => r.Frames - perReader0[i]).ToArray();
        var serverCpu = server.CpuTime - serverCpu0;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu0;
        var peakRss = server.Memory.PeakRss;

        await stop.CancelAsync();
        await publishing;
        // Let every subscriber take what was published (bounded), then count what never arrived.
        var drainDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (readers.Any(r => r.Frames < published) && DateTime.UtcNow < drainDeadline)
        {
            await Task.Delay(20);
        }

        var lost = readers.Sum(r => published - r.Frames);
        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }

        publisher.Close();
        await replies;

        return new FanOutResult(
            server.Name,
            subscribers,
            payloadBytes,
            (delivered1 - delivered0) / elapsed.TotalSeconds,
            lost,
            100 * serverCpu.TotalSeconds / elapsed.TotalSeconds,
            100 * clientCpu.TotalSeconds / elapsed.TotalSeconds,
            peakRss,
            perReader.Max() == 0 ? 0 : (double)perReader.Min() / perReader.Max());
    }

    /// <summary><c>*3 $7 message $5 bench $N payload</c>: the frame each subscriber receives per message.</summary>
    public static byte[] MessageFrame(int payloadBytes) =>
        Encoding.ASCII.GetBytes($"*3\r\n$7\r\nmessage\r\n${Room.Length}\r\n{Room}\r\n${payloadBytes}\r\n{new string('x', payloadBytes)}\r\n");

    private static byte[] PublishBlock(int payloadBytes)
    {
        var one = $"*3\r\n$7\r\nPUBLISH\r\n${Room.Length}\r\n{Room}\r\n${payloadBytes}\r\n{new string('x', payloadBytes)}\r\n";
        return Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(one, BlockMessages)));
    }

    // The publisher's replies are read and thrown away so its socket never fills.
    private static async Task DrainAsync(Socket socket, CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, stop) > 0)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The run is over.
        }
    }

    /// <summary>One subscriber: subscribes, then counts bytes received; frames = bytes / frame size.</summary>
    private sealed class SubscriberCounter : IAsyncDisposable
    {
        private readonly Socket _socket;
        private readonly int _frameSize;
        private readonly Task _loop;
        private long _bytes;

        private SubscriberCounter(Socket socket, int frameSize)
        {
            _socket = socket;
            _frameSize = frameSize;
            _loop = Task.Run(ReadLoopAsync);
        }

        public long Frames => Volatile.Read(ref _bytes) / _frameSize;

        public static async Task<SubscriberCounter> ConnectAsync(int port, string room, int frameSize)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, port);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"SUBSCRIBE {room}\r\n"), SocketFlags.None);
            var confirmation = Encoding.ASCII.GetBytes($"*3\r\n$9\r\nsubscribe\r\n${room.Length}\r\n{room}\r\n:1\r\n");
            var buffer = new byte[confirmation.Length];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None);
                if (n == 0)
                {
                    throw new InvalidOperationException("The server closed a subscriber before confirming.");
                }

                read += n;
            }

            return new SubscriberCounter(socket, frameSize);
        }

        public async ValueTask DisposeAsync()
        {
            _socket.Close();
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        }

        private async Task ReadLoopAsync()
        {
            var buffer = new byte[256 * 1024];
            try
            {
                int n;
                while ((n = await _socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                {
                    Interlocked.Add(ref _bytes, n);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Closed at the end of the run.
            }
        }
    }
}

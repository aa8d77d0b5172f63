using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorRooms.Benchmarks;

/// <summary>What one rooms-memory run measured.</summary>
public sealed record RoomsMemoryResult(string Server, int Rooms, long RssBefore, long RssSubscribed, long RssPublished, double PublishedPerSecond, long Lost, double ServerCpuPercent, double ClientCpuPercent)
{
    /// <summary>Server memory per room with one subscriber (RSS growth over the subscriptions / rooms).</summary>
    public double BytesPerRoom => (double)(RssSubscribed - RssBefore) / Rooms;

    /// <summary>The same after one message was published to every room.</summary>
    public double BytesPerRoomAfterPublish => (double)(RssPublished - RssBefore) / Rooms;
}

/// <summary>
/// M1 many rooms, memory and publish rate (issue 20): <see cref="Connections"/> connections SUBSCRIBE to R rooms
/// between them (R / 10 rooms each, pipelined, every confirmation read), then the server's resident memory growth per
/// room; then one publisher publishes one message to every room, pipelined <see cref="PublishWindow"/> at a time
/// (each window's replies read before the next), and every subscriber must receive its message (lost = rooms whose
/// message did not arrive within 30 s, or PUBLISH replies other than :1). Room names have one length, so every
/// confirmation and every delivery has a fixed number of lines, and the clients count line ends.
/// </summary>
public sealed class RoomsMemoryScenario(int rooms, int payloadBytes, Func<int, Task>? whileSubscribed = null)
{
    public const int Connections = 10;
    public const int PublishWindow = 1_000;

    // *3 $9 subscribe $n room :k — and a delivery: *3 $7 message $n room $p payload.
    private const int ConfirmationLines = 6;
    private const int DeliveryLines = 7;

    public async Task<RoomsMemoryResult> RunAsync(ServerUnderTest server)
    {
        var names = Enumerable.Range(0, rooms).Select(i => "r" + i.ToString("D7", CultureInfo.InvariantCulture)).ToArray();
        var subscribers = new List<LineCounter>();
        try
        {
            for (var c = 0; c < Connections; c++)
            {
                subscribers.Add(await LineCounter.ConnectAsync(server.Port));
            }

            await using var publisher = await LineCounter.ConnectAsync(server.Port);

            // Let the fresh server settle (JIT, first GCs) before the baseline.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var before = server.Memory.Rss;
            await Task.WhenAll(subscribers.Select((s, c) => SubscribeAsync(s, names.Where((_, i) => i % Connections == c).ToArray())));
            await Task.Delay(TimeSpan.FromSeconds(3));
            var subscribed = server.Memory.Rss;
            if (whileSubscribed is not null)
            {
                await whileSubscribed(server.ProcessId);
            }

            var linesBefore = subscribers.Select(s => s.Lines).ToArray();
            var payload = new string('x', payloadBytes);
            var clientCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var serverCpu0 = server.CpuTime;
            var clock = Stopwatch.StartNew();
            var notOne = 0L;
            for (var at = 0; at < rooms; at += PublishWindow)
            {
                var window = names.AsSpan(at, Math.Min(PublishWindow, rooms - at)).ToArray();
                var replies = publisher.Lines;
                await publisher.SendAsync(string.Concat(window.Select(n => $"*3\r\n$7\r\nPUBLISH\r\n${n.Length}\r\n{n}\r\n${payloadBytes}\r\n{payload}\r\n")));
                await publisher.WaitForLinesAsync(replies + window.Length, TimeSpan.FromSeconds(30));
            }

            var elapsed = clock.Elapsed;
            var serverCpu = server.CpuTime - serverCpu0;
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu0;
            notOne = publisher.Count(":1\r\n") - rooms;
            var expected = subscribers.Select((s, c) => linesBefore[c] + ((long)names.Where((_, i) => i % Connections == c).Count() * DeliveryLines)).ToArray();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (subscribers.Select((s, c) => s.Lines < expected[c]).Any(b => b) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
            var published = server.Memory.Rss;
            var lost = subscribers.Select((s, c) => Math.Max(0, expected[c] - s.Lines) / DeliveryLines).Sum() + Math.Abs(notOne);
            return new RoomsMemoryResult(server.Name, rooms, before, subscribed, published, rooms / elapsed.TotalSeconds, lost,
                100 * serverCpu.TotalSeconds / elapsed.TotalSeconds, 100 * clientCpu.TotalSeconds / elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var subscriber in subscribers)
            {
                await subscriber.DisposeAsync();
            }
        }
    }

    // Pipelines the SUBSCRIBEs a thousand at a time and reads every confirmation.
    private static async Task SubscribeAsync(LineCounter connection, string[] mine)
    {
        for (var at = 0; at < mine.Length; at += PublishWindow)
        {
            var chunk = mine.AsSpan(at, Math.Min(PublishWindow, mine.Length - at)).ToArray();
            var lines = connection.Lines;
            await connection.SendAsync(string.Concat(chunk.Select(n => $"*2\r\n$9\r\nSUBSCRIBE\r\n${n.Length}\r\n{n}\r\n")));
            await connection.WaitForLinesAsync(lines + ((long)chunk.Length * ConfirmationLines), TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>A raw connection that counts the line ends it receives (and, for a publisher, its <c>:1</c> replies).</summary>
    private sealed class LineCounter : IAsyncDisposable
    {
        private readonly Socket _socket;
        private readonly Task _loop;
        private readonly byte[] _tail = new byte[4];
        private long _lines;
        private long _ones;

        private LineCounter(Socket socket)
        {
            _socket = socket;
            _loop = Task.Run(ReadLoopAsync);
        }

        public long Lines => Volatile.Read(ref _lines);

        public static async Task<LineCounter> ConnectAsync(int port)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return new LineCounter(socket);
        }

        public async Task SendAsync(string text) => await _socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

        public async Task WaitForLinesAsync(long lines, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (Lines < lines)
            {
                if (DateTime.UtcNow > deadline || _loop.IsCompleted)
                {
                    throw new TimeoutException($"Expected {lines} lines, got {Lines}.");
                }

                await Task.Delay(1);
            }
        }

        // Only a publisher's replies are counted this way: ":1\r\n" replies (every reply is 4 bytes when all are :1).
        public long Count(string reply) => reply == ":1\r\n" ? Volatile.Read(ref _ones) : throw new ArgumentException("Only :1 replies are counted.", nameof(reply));

        public async ValueTask DisposeAsync()
        {
            _socket.Dispose();
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
                    var span = buffer.AsSpan(0, n);
                    long ones = 0;
                    for (var i = 0; i < span.Length; i++)
                    {
                        // A sliding window of the last four bytes finds ":1\r\n" across reads.
                        _tail[0] = _tail[1];
                        _tail[1] = _tail[2];
                        _tail[2] = _tail[3];
                        _tail[3] = span[i];
                        if (_tail[3] == (byte)'\n' && _tail[2] == (byte)'\r' && _tail[1] == (byte)'1' && _tail[0] == (byte)':')
                        {
                            ones++;
                        }
                    }

                    Interlocked.Add(ref _ones, ones);
                    Interlocked.Add(ref _lines, span.Count((byte)'\n'));
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Closed at the end of the run.
            }
        }
    }
}

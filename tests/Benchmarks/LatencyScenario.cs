using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HdrHistogram;

namespace ActorRooms.Benchmarks;

/// <summary>What one latency run measured, in microseconds.</summary>
public sealed record LatencyResult(string Server, int Subscribers, int Rate, long Samples, double P50, double P99, double P999, double Max, long Lost);

/// <summary>
/// F2 latency: one room, N subscribers, one publisher at a fixed rate. Each payload carries its send time
/// (Stopwatch ticks); each subscriber records arrival minus send time in its own HdrHistogram, merged at the end.
/// Client and server share the machine and its clock, so the numbers are end to end over loopback.
/// </summary>
public sealed class LatencyScenario(int subscribers, int rate, int payloadBytes, TimeSpan warmup, TimeSpan measure)
{
    private const string Room = "latency";

    public async Task<LatencyResult> RunAsync(ServerUnderTest server)
    {
        var template = Encoding.ASCII.GetBytes($"*3\r\n$7\r\nmessage\r\n${Room.Length}\r\n{Room}\r\n${payloadBytes}\r\n");
        var frameSize = template.Length + payloadBytes + 2;
        var readers = new List<LatencyReader>();
        for (var i = 0; i < subscribers; i++)
        {
            readers.Add(await LatencyReader.ConnectAsync(server.Port, Room, frameSize, template.Length));
        }

        using var publisher = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await publisher.ConnectAsync(IPAddress.Loopback, server.Port);
        var drain = Drain.RepliesAsync(publisher);
        var command = Encoding.ASCII.GetBytes($"*3\r\n$7\r\nPUBLISH\r\n${Room.Length}\r\n{Room}\r\n${payloadBytes}\r\n{new string('x', payloadBytes)}\r\n");
        var payloadOffset = command.Length - payloadBytes - 2;

        // Paced on a dedicated thread that sleeps between due messages instead of spinning, so the client does not
        // take a core from the servers: every message due by now is sent (each stamped as it goes), then it sleeps
        // about a millisecond. At 10,000/s that sends ~10 messages per wake-up.
        var total = (long)((warmup + measure).TotalSeconds * rate);
        var measuredFrom = (long)(warmup.TotalSeconds * rate);
        var sender = new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            var interval = Stopwatch.Frequency / (double)rate;
            long i = 0;
            while (i < total)
            {
                while (i < total && clock.ElapsedTicks >= (long)(i * interval))
                {
                    BinaryPrimitives.WriteInt64LittleEndian(command.AsSpan(payloadOffset), i >= measuredFrom ? Stopwatch.GetTimestamp() : 0);
                    publisher.Send(command);
                    i++;
                }

                Thread.Sleep(1);
            }
        }) { IsBackground = true, Name = "latency-publisher" };
        sender.Start();
        await Task.Run(sender.Join);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (readers.Any(r => r.Frames < total) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var histogram = new LongHistogram(TimeStamp.Seconds(10), 3);
        long lost = 0;
        foreach (var reader in readers)
        {
            lost += total - reader.Frames;
            await reader.DisposeAsync();
            histogram.Add(reader.Histogram);
        }

        publisher.Close();
        await drain;
        double Micros(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
        return new LatencyResult(
            server.Name, subscribers, rate, histogram.TotalCount,
            Micros(histogram.GetValueAtPercentile(50)), Micros(histogram.GetValueAtPercentile(99)),
            Micros(histogram.GetValueAtPercentile(99.9)), Micros(histogram.GetMaxValue()), lost);
    }

    /// <summary>One subscriber: cuts the stream into fixed-size frames and records each frame's latency.</summary>
    private sealed class LatencyReader : IAsyncDisposable
    {
        private readonly Socket _socket;
        private readonly int _frameSize;
        private readonly int _timestampOffset;
        private readonly Task _loop;
        private long _frames;

        private LatencyReader(Socket socket, int frameSize, int timestampOffset)
        {
            _socket = socket;
            _frameSize = frameSize;
            _timestampOffset = timestampOffset;
            _loop = Task.Run(ReadLoopAsync);
        }

        public LongHistogram Histogram { get; } = new(TimeStamp.Seconds(10), 3);

        public long Frames => Volatile.Read(ref _frames);

        public static async Task<LatencyReader> ConnectAsync(int port, string room, int frameSize, int timestampOffset)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, port);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"SUBSCRIBE {room}\r\n"), SocketFlags.None);
            var confirmation = new byte[$"*3\r\n$9\r\nsubscribe\r\n${room.Length}\r\n{room}\r\n:1\r\n".Length];
            var read = 0;
            while (read < confirmation.Length)
            {
                read += await socket.ReceiveAsync(confirmation.AsMemory(read), SocketFlags.None);
            }

            return new LatencyReader(socket, frameSize, timestampOffset);
        }

        public async ValueTask DisposeAsync()
        {
            _socket.Close();
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        }

        private async Task ReadLoopAsync()
        {
            var buffer = new byte[256 * 1024];
            var filled = 0;
            try
            {
                int n;
                while ((n = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None)) > 0)
                {
                    var now = Stopwatch.GetTimestamp();
                    filled += n;
                    var offset = 0;
                    while (filled - offset >= _frameSize)
                    {
                        var sent = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(offset + _timestampOffset));
                        if (sent != 0)
                        {
                            Histogram.RecordValue(Math.Max(0, now - sent));
                        }

                        offset += _frameSize;
                        Volatile.Write(ref _frames, _frames + 1);
                    }

                    buffer.AsSpan(offset, filled - offset).CopyTo(buffer);
                    filled -= offset;
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Closed at the end of the run.
            }
        }
    }
}

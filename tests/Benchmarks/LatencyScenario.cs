using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ActorRooms.Benchmarks.Wire;
using HdrHistogram;

namespace ActorRooms.Benchmarks;

/// <summary>Latency percentiles of one window of a run, in microseconds; <see cref="Samples"/> is 0 if nothing was sent in it.</summary>
public sealed record LatencyFigures(long Samples, double P50, double P99, double P999, double Max)
{
    public static LatencyFigures Of(LongHistogram histogram)
    {
        double Micros(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
        return histogram.TotalCount == 0
            ? new LatencyFigures(0, 0, 0, 0, 0)
            : new LatencyFigures(
                histogram.TotalCount, Micros(histogram.GetValueAtPercentile(50)), Micros(histogram.GetValueAtPercentile(99)),
                Micros(histogram.GetValueAtPercentile(99.9)), Micros(histogram.GetMaxValue()));
    }
}

/// <summary>
/// What one latency run measured: the warm window (after warm-up), the cold window (messages sent in the first
/// seconds after the server process started), when publishing began after that start, and what never arrived.
/// </summary>
public sealed record LatencyResult(string Server, int Subscribers, int Rate, LatencyFigures Warm, LatencyFigures Cold, TimeSpan FirstPublishAfterStart, long Lost);

/// <summary>
/// F2 latency: one room, N subscribers, one publisher at a fixed rate. Each payload carries its send time
/// (Stopwatch ticks); each subscriber records arrival minus send time in HdrHistograms, merged at the end.
/// Client and server share the machine and its clock, so the numbers are end to end over loopback.
/// Two windows are kept apart, on a fresh server process: "cold", every message sent within
/// <paramref name="coldWindow"/> of the server process's start (its first seconds: JIT, first GCs, first
/// connections), and "warm", every message sent after the warm-up (which lasts at least until the cold window is over,
/// so the two never overlap) for <paramref name="measure"/>.
/// The protocol is the server's (<see cref="ServerUnderTest.Wire"/>): RESP, or NATS.
/// </summary>
public sealed class LatencyScenario(int subscribers, int rate, int payloadBytes, TimeSpan warmup, TimeSpan measure, TimeSpan coldWindow)
{
    private const string Room = "latency";

    public async Task<LatencyResult> RunAsync(ServerUnderTest server)
    {
        if (payloadBytes < sizeof(long))
        {
            throw new ArgumentException($"F2 needs payloads of at least {sizeof(long)} bytes (the send time).");
        }

        var wire = server.Wire;
        var header = wire.FrameHeaderBytes(Room, payloadBytes);
        var frameSize = header + payloadBytes + 2;
        var coldEnd = server.StartedAt + Ticks(coldWindow);
        var readers = new List<LatencyReader>();
        for (var i = 0; i < subscribers; i++)
        {
            readers.Add(new LatencyReader(await wire.SubscribedAsync(server.Port, Room), frameSize, header, coldEnd));
        }

        using var publisher = await wire.ConnectAsync(server.Port, CancellationToken.None);
        var drain = Drain.RepliesAsync(publisher);
        var command = Encoding.ASCII.GetBytes(wire.Publish(Room, new string('x', payloadBytes)));
        var payloadOffset = command.Length - payloadBytes - 2;

        var publishStart = Stopwatch.GetTimestamp();
        var warmStart = Math.Max(publishStart + Ticks(warmup), coldEnd);
        var warmEnd = warmStart + Ticks(measure);
        foreach (var reader in readers)
        {
            reader.MeasureWarm(warmStart);
        }

        // Paced on a dedicated thread that sleeps between due messages instead of spinning, so the client does not
        // take a core from the servers: every message due by now is sent (each stamped as it goes), then it sleeps
        // about a millisecond. At 10,000/s that sends ~10 messages per wake-up.
        long sent = 0;
        var sender = new Thread(() =>
        {
            var interval = Stopwatch.Frequency / (double)rate;
            while (Stopwatch.GetTimestamp() < warmEnd)
            {
                while (Stopwatch.GetTimestamp() is var now && now < warmEnd && now - publishStart >= (long)(sent * interval))
                {
                    BinaryPrimitives.WriteInt64LittleEndian(command.AsSpan(payloadOffset), Stopwatch.GetTimestamp());
                    publisher.Send(command);
                    sent++;
                }

                Thread.Sleep(1);
            }
        }) { IsBackground = true, Name = "latency-publisher" };
        sender.Start();
        await Task.Run(sender.Join);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (readers.Any(r => r.Frames < sent) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var warm = new LongHistogram(TimeStamp.Seconds(10), 3);
        var cold = new LongHistogram(TimeStamp.Seconds(10), 3);
        long lost = 0;
        foreach (var reader in readers)
        {
            lost += sent - reader.Frames;
            await reader.DisposeAsync();
            warm.Add(reader.Warm);
            cold.Add(reader.Cold);
        }

        publisher.Close();
        await drain;
        return new LatencyResult(
            server.Name, subscribers, rate, LatencyFigures.Of(warm), LatencyFigures.Of(cold),
            Stopwatch.GetElapsedTime(server.StartedAt, publishStart), lost);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>
    /// One subscriber: cuts the stream into fixed-size frames and records each frame's latency, in the cold histogram
    /// if it was sent before the cold window's end, in the warm one if sent at or after the warm window's start.
    /// </summary>
    private sealed class LatencyReader : IAsyncDisposable
    {
        private readonly Socket _socket;
        private readonly int _frameSize;
        private readonly int _timestampOffset;
        private readonly long _coldEnd;
        private readonly Task _loop;
        private long _warmStart = long.MaxValue;
        private long _frames;

        public LatencyReader(Socket socket, int frameSize, int timestampOffset, long coldEnd)
        {
            _socket = socket;
            _frameSize = frameSize;
            _timestampOffset = timestampOffset;
            _coldEnd = coldEnd;
            _loop = Task.Run(ReadLoopAsync);
        }

        public LongHistogram Warm { get; } = new(TimeStamp.Seconds(10), 3);

        public LongHistogram Cold { get; } = new(TimeStamp.Seconds(10), 3);

        public long Frames => Volatile.Read(ref _frames);

        /// <summary>Set before the first publish: messages sent from <paramref name="warmStart"/> on are measured warm.</summary>
        public void MeasureWarm(long warmStart) => Volatile.Write(ref _warmStart, warmStart);

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
                    while (filled - offset >= _frameSize || StartsWithServerPing(buffer.AsSpan(offset, filled - offset)))
                    {
                        if (StartsWithServerPing(buffer.AsSpan(offset, filled - offset)))
                        {
                            // nats-server's keepalive (its first comes ~2 s after CONNECT): between frames, never in one.
                            await NatsWire.AnswerPingAsync(_socket);
                            offset += NatsWire.ServerPing.Length;
                            continue;
                        }

                        var sent = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(offset + _timestampOffset));
                        if (sent < _coldEnd)
                        {
                            Cold.RecordValue(Math.Max(0, now - sent));
                        }

                        if (sent >= Volatile.Read(ref _warmStart))
                        {
                            Warm.RecordValue(Math.Max(0, now - sent));
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

        // A frame starts with '*' (RESP) or "MSG " (NATS), so a PING at a frame's start is the server's keepalive.
        private static bool StartsWithServerPing(ReadOnlySpan<byte> unread) => unread.StartsWith(NatsWire.ServerPing);
    }
}

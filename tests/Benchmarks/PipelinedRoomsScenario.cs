using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using ActorRooms.Benchmarks.Wire;

namespace ActorRooms.Benchmarks;

/// <summary>The shape of an F4 run (command line: --f4-rooms, --f4-publishers, --f4-batch, --f4-unanswered, --f4-warmup, --f4-seconds).</summary>
public sealed record PipelinedRoomsSettings(int Rooms, int Publishers, int Batch, int Unanswered, TimeSpan Warmup, TimeSpan Measure);

/// <summary>What one F4 run measured. <see cref="Backlog"/>: published but not yet delivered when the measurement ended.</summary>
public sealed record PipelinedRoomsResult(
    string Server, double DeliveredPerSecond, long Published, long Lost, long Errors, long Backlog, double ServerCpuPercent, double ClientCpuPercent);

/// <summary>
/// F4 many rooms, pipelined: R rooms with one subscriber each; P publishers, each spreading its publishes round-robin
/// over all R rooms (publisher p starts at room p·R/P), W publishes per socket write, and at most U publishes the server
/// has not answered yet (RESP: its <c>:n</c> replies; NATS, which answers no PUB: a PING after every write of W, its
/// PONG answering all W). Unlike F3 the publishers are paced by the server's answers, not by the subscribers, as a
/// lean client would publish: a subscriber side that cannot keep up shows as a backlog at the end of the measurement
/// and, if the server cuts a subscriber, as lost messages. After the run every room's delivered count is compared
/// with what was published to it (lost must be 0). Room names have one length, so every frame has one size.
/// </summary>
public sealed class PipelinedRoomsScenario(PipelinedRoomsSettings settings, int payloadBytes)
{
    public async Task<PipelinedRoomsResult> RunAsync(ServerUnderTest server)
    {
        var wire = server.Wire;
        var (rooms, publishers, batch) = (settings.Rooms, settings.Publishers, settings.Batch);
        var width = Math.Max(5, (rooms - 1).ToString(CultureInfo.InvariantCulture).Length);
        var names = Enumerable.Range(0, rooms).Select(i => "room-" + i.ToString("D" + width, CultureInfo.InvariantCulture)).ToArray();
        var frameSize = wire.FrameHeaderBytes(names[0], payloadBytes) + payloadBytes + 2;
        var subscribers = await ByteCountingSubscriber.ConnectAllAsync(server, names.Select(name => (server.Port, name)), frameSize);

        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, publishers)
            .Select(p => new Publisher(wire, names, p * rooms / publishers, batch, settings.Unanswered, payloadBytes))
            .ToList();
        var running = loops.Select(p => Task.Run(() => p.RunAsync(server.Port, stop.Token))).ToList();

        await Task.Delay(settings.Warmup);
        var clientCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu0 = server.CpuTime;
        var delivered0 = subscribers.Sum(s => s.Frames);
        var clock = Stopwatch.StartNew();
        await Task.Delay(settings.Measure);
        var elapsed = clock.Elapsed;
        var publishedByThen = loops.Sum(p => p.Published);
        var delivered1 = subscribers.Sum(s => s.Frames);
        var serverCpu = server.CpuTime - serverCpu0;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu0;
        await stop.CancelAsync();
        await Task.WhenAll(running);

        // Let every subscriber take what was published to its room (bounded), then count what never arrived.
        var expected = new long[rooms];
        foreach (var publisher in loops)
        {
            publisher.AddPublishedPerRoom(expected);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Enumerable.Range(0, rooms).Any(r => subscribers[r].Frames < expected[r]) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var lost = Enumerable.Range(0, rooms).Sum(r => Math.Max(0, expected[r] - subscribers[r].Frames));
        foreach (var subscriber in subscribers)
        {
            await subscriber.DisposeAsync();
        }

        return new PipelinedRoomsResult(
            server.Name, (delivered1 - delivered0) / elapsed.TotalSeconds, expected.Sum(), lost, loops.Sum(p => p.Errors),
            publishedByThen - delivered1, 100 * serverCpu.TotalSeconds / elapsed.TotalSeconds, 100 * clientCpu.TotalSeconds / elapsed.TotalSeconds);
    }

    /// <summary>
    /// One publisher: its round of all rooms pre-encoded from its first room on, followed by the first W publishes
    /// again, so that any W consecutive publishes are one contiguous slice (every publish has the same length).
    /// </summary>
    private sealed class Publisher
    {
        private readonly IWireProtocol _wire;
        private readonly int _rooms;
        private readonly int _firstRoom;
        private readonly int _batch;
        private readonly int _unanswered;
        private readonly byte[] _cycle;
        private readonly int _commandBytes;
        private long _published;
        private long _errors;

        public Publisher(IWireProtocol wire, string[] names, int firstRoom, int batch, int unanswered, int payloadBytes)
        {
            _wire = wire;
            _rooms = names.Length;
            _firstRoom = firstRoom;
            _batch = batch;
            _unanswered = unanswered;
            var payload = new string('x', payloadBytes);
            var order = Enumerable.Range(0, names.Length + batch).Select(k => names[(firstRoom + k) % names.Length]);
            _cycle = Encoding.ASCII.GetBytes(string.Concat(order.Select(name => wire.Publish(name, payload))));
            _commandBytes = _cycle.Length / (names.Length + batch);
        }

        public long Published => Volatile.Read(ref _published);

        public long Errors => Volatile.Read(ref _errors);

        public async Task RunAsync(int port, CancellationToken stop)
        {
            using var socket = await _wire.ConnectAsync(port, CancellationToken.None);
            var answers = new PublishAcknowledgements(socket, _wire, _batch);
            var reading = answers.ReadAsync();
            var ping = _wire.RepliesToEachPublish ? Array.Empty<byte>() : _wire.Ping;
            var write = new byte[(_batch * _commandBytes) + ping.Length];
            ping.CopyTo(write, _batch * _commandBytes);
            long published = 0;
            while (!stop.IsCancellationRequested)
            {
                if (published - answers.Answered + _batch > _unanswered)
                {
                    await answers.WaitForProgressAsync(TimeSpan.FromMilliseconds(100));
                    continue;
                }

                var from = (int)(published % _rooms) * _commandBytes;
                _cycle.AsSpan(from, _batch * _commandBytes).CopyTo(write);
                await socket.SendAsync(write, SocketFlags.None);
                published += _batch;
                Volatile.Write(ref _published, published);
            }

            // Every publish answered (bounded) before the connection closes, so that errors are counted.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (answers.Answered + answers.Errors < published && DateTime.UtcNow < deadline)
            {
                await answers.WaitForProgressAsync(TimeSpan.FromMilliseconds(100));
            }

            Volatile.Write(ref _errors, answers.Errors);
            socket.Shutdown(SocketShutdown.Send);
            await reading;
        }

        /// <summary>Adds what this publisher published to each room: whole rounds, and the first rooms of its last part-round.</summary>
        public void AddPublishedPerRoom(long[] perRoom)
        {
            var published = Published;
            for (var k = 0; k < _rooms; k++)
            {
                perRoom[(_firstRoom + k) % _rooms] += (published / _rooms) + (k < published % _rooms ? 1 : 0);
            }
        }
    }
}

using System.Diagnostics;
using System.Text;
using ActorRooms.Benchmarks.Wire;

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
/// Against a cluster the subscribers are spread over the nodes in turn and the publisher is on the first; before
/// measuring, single messages are published until every subscriber has one (needed by brokers that spread
/// subscriptions by gossip, as ActorRooms did before its owners took registrations), and what each had by then is its
/// starting point.
/// With <paramref name="roomJoin"/> (R1) the subscribers join with ROOM.JOIN instead of SUBSCRIBE: the same publishes,
/// delivered as <c>roommsg</c> frames with epoch, seq and time (ActorRooms only).
/// The protocol is the server's (<see cref="ServerUnderTest.Wire"/>): RESP, or NATS for nats-server; so is the
/// transport (<see cref="ServerUnderTest.OpenAsync"/>): TLS for F1 over TLS, else plain TCP.
/// With <paramref name="overWebSocket"/> (F1-WS) the subscribers are WebSocket clients of ActorRooms's <c>/ws</c>
/// (<see cref="WebSocketJsonWire"/>, the server started with HTTP) and the publisher stays on RESP.
/// </summary>
public sealed class FanOutScenario(int subscribers, int payloadBytes, TimeSpan warmup, TimeSpan measure, int window, bool roomJoin = false, bool overWebSocket = false)
{
    private const string Room = "bench";
    private const int BlockMessages = 64;

    /// <summary>
    /// How far the publisher may run ahead of the slowest of <paramref name="subscribers"/>: about 2 million frames in
    /// flight in all, within 2,000 to 100,000 messages.
    /// </summary>
    public static int Window(int subscribers) => Math.Clamp(2_000_000 / subscribers, 2_000, 100_000);

    public async Task<FanOutResult> RunAsync(ServerUnderTest server)
    {
        var wire = server.Wire;
        IWireProtocol? subscriberWire = overWebSocket ? WebSocketJsonWire.Instance : null;
        IReadOnlyList<int> subscriberPorts = overWebSocket ? [server.HttpPort ?? throw new InvalidOperationException($"{server.Name} was started without HTTP.")] : server.Ports;
        var frameSize = (subscriberWire ?? wire).FrameHeaderBytes(Room, payloadBytes) + payloadBytes + 2;
        List<ByteCountingSubscriber> readers = roomJoin ? [] : await ByteCountingSubscriber.ConnectAllAsync(server, Enumerable.Range(0, subscribers).Select(i => (subscriberPorts[i % subscriberPorts.Count], Room)), frameSize, subscriberWire);
        for (var i = 0; roomJoin && i < subscribers; i++)
        {
            readers.Add(await ByteCountingSubscriber.JoinRoomAsync(server.Ports[i % server.Ports.Count], Room));
        }

        await using var publisher = await server.OpenAsync(server.Port, CancellationToken.None);
        var block = PublishBlock(wire, payloadBytes);
        using var stop = new CancellationTokenSource();
        var replies = Drain.RepliesAsync(publisher);
        long published = 0;
        var start = server.Ports.Count > 1 ? await WaitUntilEveryoneReceivesAsync(wire, publisher, readers) : new long[readers.Count];
        long Received(int i) => readers[i].Frames - start[i];

        var publishing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var slowest = Enumerable.Range(0, readers.Count).Min(Received);
                if (published - slowest + BlockMessages > window)
                {
                    // Wait without spinning: the subscribers' readers need the cores.
                    await Task.Delay(1);
                    continue;
                }

                await publisher.WriteAsync(block);
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
        while (Enumerable.Range(0, readers.Count).Any(i => Received(i) < published) && DateTime.UtcNow < drainDeadline)
        {
            await Task.Delay(20);
        }

        var lost = Enumerable.Range(0, readers.Count).Sum(i => published - Received(i));
        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }

        await publisher.DisposeAsync();
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

    // Publishes one message at a time until one reaches every subscriber; returns each subscriber's count by then.
    // A message published before a node knows of its subscribers is never delivered there, so nothing is still in
    // flight when every count has moved past the last probe.
    private async Task<long[]> WaitUntilEveryoneReceivesAsync(IWireProtocol wire, Stream publisher, List<ByteCountingSubscriber> readers)
    {
        var block = PublishBlock(wire, payloadBytes);
        var one = block[..(block.Length / BlockMessages)];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var before = readers.Select(r => r.Frames).ToArray();
            await publisher.WriteAsync(one);
            var probeDeadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(300);
            while (DateTime.UtcNow < probeDeadline && readers.Select((r, i) => r.Frames > before[i]).Any(moved => !moved))
            {
                await Task.Delay(10);
            }

            if (readers.Select((r, i) => r.Frames > before[i]).All(moved => moved))
            {
                return readers.Select(r => r.Frames).ToArray();
            }
        }

        throw new TimeoutException("The subscribers did not all become reachable from the publisher's node within 30 s.");
    }

    private static byte[] PublishBlock(IWireProtocol wire, int payloadBytes) =>
        Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(wire.Publish(Room, new string('x', payloadBytes)), BlockMessages)));
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ActorRooms.Benchmarks;

/// <summary>What one many-rooms run measured.</summary>
public sealed record ManyRoomsResult(string Server, int Rooms, int Publishers, double DeliveredPerSecond, long Lost, double ServerCpuPercent, double ClientCpuPercent);

/// <summary>
/// F3 many rooms: R rooms with one subscriber each, P publishers that each publish round-robin to their share of the
/// rooms, closed loop (each publisher stays at most a window of rounds ahead of its slowest subscriber). Room names
/// have one length, so every frame has one size and subscribers just count bytes.
/// Against a cluster the subscribers and the publishers are spread over the nodes in turn (so most rooms have their
/// subscriber, their publisher and their owner on different nodes). Before the loop, one message is published to each
/// room until every subscriber has one, and what each had by then is its starting point: a broker that spreads
/// subscriptions by gossip (ActorRooms before its owners took registrations) would otherwise lose the first rounds
/// and stall the closed loop. The protocol is the server's (<see cref="ServerUnderTest.Wire"/>): RESP, or NATS.
/// </summary>
public sealed class ManyRoomsScenario(int rooms, int publishers, int payloadBytes, TimeSpan warmup, TimeSpan measure)
{
    private const int WindowRounds = 256;

    public async Task<ManyRoomsResult> RunAsync(ServerUnderTest server)
    {
        var names = Enumerable.Range(0, rooms).Select(i => "room-" + i.ToString("D5", CultureInfo.InvariantCulture)).ToArray();
        var wire = server.Wire;
        var payload = new string('x', payloadBytes);
        var frameSize = wire.FrameHeaderBytes(names[0], payloadBytes) + payloadBytes + 2;
        var subscribers = await ByteCountingSubscriber.ConnectAllAsync(server, names.Select((name, i) => (server.Ports[i % server.Ports.Count], name)), frameSize);

        var start = server.Ports.Count > 1 ? await WaitUntilEveryoneReceivesAsync(server, names, subscribers) : new long[rooms];
        long Frames(int room) => subscribers[room].Frames - start[room];

        using var stop = new CancellationTokenSource();
        var published = new long[publishers];
        var loops = Enumerable.Range(0, publishers).Select(p => Task.Run(async () =>
        {
            var mine = Enumerable.Range(0, rooms).Where(r => r % publishers == p).ToArray();
            var round = Encoding.ASCII.GetBytes(string.Concat(mine.Select(r => wire.Publish(names[r], payload))));
            using var socket = await wire.ConnectAsync(server.Ports[p % server.Ports.Count], CancellationToken.None);
            var drain = Drain.RepliesAsync(socket);
            long rounds = 0;
            while (!stop.IsCancellationRequested)
            {
                if (rounds - mine.Min(Frames) >= WindowRounds)
                {
                    await Task.Delay(1);
                    continue;
                }

                await socket.SendAsync(round, SocketFlags.None);
                rounds++;
                Volatile.Write(ref published[p], rounds);
            }

            socket.Shutdown(SocketShutdown.Send);
            await drain;
        })).ToList();

        await Task.Delay(warmup);
        var clientCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu0 = server.CpuTime;
        var delivered0 = subscribers.Sum(s => s.Frames);
        var clock = Stopwatch.StartNew();
        await Task.Delay(measure);
        var elapsed = clock.Elapsed;
        var delivered = subscribers.Sum(s => s.Frames) - delivered0;
        var serverCpu = server.CpuTime - serverCpu0;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu0;
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        long Expected(int room) => Volatile.Read(ref published[room % publishers]);
        while (Enumerable.Range(0, rooms).Any(r => Frames(r) < Expected(r)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var lost = Enumerable.Range(0, rooms).Sum(r => Expected(r) - Frames(r));
        foreach (var subscriber in subscribers)
        {
            await subscriber.DisposeAsync();
        }

        return new ManyRoomsResult(server.Name, rooms, publishers, delivered / elapsed.TotalSeconds, lost,
            100 * serverCpu.TotalSeconds / elapsed.TotalSeconds, 100 * clientCpu.TotalSeconds / elapsed.TotalSeconds);
    }

    // Publishes one message to every room that has not had one yet, until all have; returns each subscriber's count then.
    private async Task<long[]> WaitUntilEveryoneReceivesAsync(ServerUnderTest server, string[] names, List<ByteCountingSubscriber> subscribers)
    {
        using var socket = await server.Wire.ConnectAsync(server.Port, CancellationToken.None);
        var drain = Drain.RepliesAsync(socket);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (subscribers.Any(s => s.Frames == 0))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{server.Name}: {subscribers.Count(s => s.Frames == 0)} of {names.Length} subscribers got nothing in 30 s.");
            }

            var missing = Enumerable.Range(0, names.Length).Where(r => subscribers[r].Frames == 0);
            await socket.SendAsync(Encoding.ASCII.GetBytes(string.Concat(missing.Select(r => server.Wire.Publish(names[r], new string('x', payloadBytes))))), SocketFlags.None);
            await Task.Delay(200);
        }

        socket.Shutdown(SocketShutdown.Send);
        await drain;
        return subscribers.Select(s => s.Frames).ToArray();
    }
}

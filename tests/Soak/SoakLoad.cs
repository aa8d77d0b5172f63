using System.Globalization;

namespace ActorRooms.Soak;

/// <summary>
/// The soak's mixed load, spread over the nodes' client ports: publishers, SUBSCRIBE readers, ROOM.JOIN members with
/// each slow-consumer policy, PSUBSCRIBE readers, connection churn (new room names, half the connections reset),
/// fuzzed frames on short connections, and a reader that never reads. Long-lived clients that the broker closes
/// (a slow-consumer policy, a node restart) are replaced, so the load stays the same for the whole run.
/// </summary>
public sealed class SoakLoad(IReadOnlyList<int> ports, int seed)
{
    private const int Rooms = 20;
    private static readonly string[] Policies = ["disconnect", "drop-oldest", "conflate"];
    private readonly Random _random = new(seed);
    private long _published;
    private long _churned;
    private long _fuzzed;
    private long _replaced;
    private long _refused;

    public long Published => Interlocked.Read(ref _published);

    public long Churned => Interlocked.Read(ref _churned);

    public long Fuzzed => Interlocked.Read(ref _fuzzed);

    /// <summary>Long-lived clients the broker closed and the soak connected again.</summary>
    public long Replaced => Interlocked.Read(ref _replaced);

    /// <summary>Connections that could not be opened (a node not answering on its port: it stopped).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Runs every part of the load until <paramref name="stop"/>.</summary>
    public Task RunAsync(CancellationToken stop)
    {
        var parts = new List<Task>();
        for (var i = 0; i < 4; i++)
        {
            parts.Add(PublisherAsync(Port(i), i, stop));
        }

        for (var i = 0; i < 20; i++)
        {
            var rooms = Enumerable.Range(0, 5).Select(r => Room((i + r) % Rooms)).ToArray();
            parts.Add(KeepAsync(Port(i), ["SUBSCRIBE", .. rooms], stalled: false, stop));
        }

        for (var i = 0; i < 15; i++)
        {
            // Room feed members by SUBSCRIBE room:<room>?policy=… (ROOM.JOIN needs RESP3; this is the way in for any client).
            parts.Add(KeepAsync(Port(i), ["SUBSCRIBE", $"room:{Room(i % Rooms)}?policy={Policies[i % Policies.Length]}"], stalled: false, stop));
        }

        for (var i = 0; i < 5; i++)
        {
            parts.Add(KeepAsync(Port(i), ["PSUBSCRIBE", "soak.room.1*"], stalled: false, stop));
        }

        parts.Add(KeepAsync(Port(0), ["SUBSCRIBE", Room(0), Room(1)], stalled: true, stop));
        parts.Add(ChurnAsync(stop));
        parts.Add(FuzzAsync(stop));
        return Task.WhenAll(parts);
    }

    private static string Room(int index) => $"soak.room.{index.ToString(CultureInfo.InvariantCulture)}";

    private int Port(int index) => ports[index % ports.Count];

    // Batches of 20 PUBLISHes (pipelined, 128-byte payloads) every 10 ms: about 2,000 messages a second per publisher.
    private async Task PublisherAsync(int port, int index, CancellationToken stop)
    {
        var payload = new string('p', 128);
        while (!stop.IsCancellationRequested)
        {
            await using var client = await ConnectAsync(port, stalled: false, stop);
            while (client is not null && !stop.IsCancellationRequested && !client.Closed)
            {
                var batch = Enumerable.Range(0, 20).SelectMany(m => SoakClient.Command("PUBLISH", Room((index * 5 + m) % Rooms), payload)).ToArray();
                await client.SendRawAsync(batch);
                Interlocked.Add(ref _published, 20);
                await Delay(TimeSpan.FromMilliseconds(10), stop);
            }
        }
    }

    // A long-lived client: connected, sends its command, and connected again whenever the broker closes it.
    private async Task KeepAsync(int port, string[] command, bool stalled, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await using var client = await ConnectAsync(port, stalled, stop);
            if (client is null)
            {
                continue;
            }

            await client.SendAsync(command);
            while (!stop.IsCancellationRequested && !client.Closed)
            {
                await Delay(TimeSpan.FromSeconds(1), stop);
            }

            if (client.Closed)
            {
                Interlocked.Increment(ref _replaced);
            }
        }
    }

    // About 20 short connections a second, each in a room nobody used before; half end with a reset.
    private async Task ChurnAsync(CancellationToken stop)
    {
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            if (await ConnectAsync(Port(n), stalled: false, stop) is not { } client)
            {
                n++;
                continue;
            }

            var room = $"soak.churn.{n.ToString(CultureInfo.InvariantCulture)}";
            await client.SendAsync("SUBSCRIBE", n % 3 == 0 ? $"room:{room}?snapshot" : room);
            await client.SendAsync("PUBLISH", room, "churn");
            await Delay(TimeSpan.FromMilliseconds(25), stop);
            if (n % 2 == 0)
            {
                client.Reset();
            }

            await client.DisposeAsync();
            Interlocked.Increment(ref _churned);
            n++;
            await Delay(TimeSpan.FromMilliseconds(25), stop);
        }
    }

    // About 10 connections a second that send a valid command cut short, mutated, oversized or random bytes.
    private async Task FuzzAsync(CancellationToken stop)
    {
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            if (await ConnectAsync(Port(n), stalled: false, stop) is not { } client)
            {
                n++;
                continue;
            }

            var frame = SoakClient.Command("PUBLISH", Room(n % Rooms), "fuzz");
            byte[] bytes;
            lock (_random)
            {
                bytes = (n % 4) switch
                {
                    0 => frame[..(1 + _random.Next(frame.Length - 1))],
                    1 => Mutate(frame),
                    2 => System.Text.Encoding.ASCII.GetBytes("*1\r\n$999999999999\r\n"),
                    _ => RandomBytes(1 + _random.Next(512)),
                };
            }

            await client.SendRawAsync(bytes);
            await Delay(TimeSpan.FromMilliseconds(50), stop);
            client.Reset();
            await client.DisposeAsync();
            Interlocked.Increment(ref _fuzzed);
            n++;
            await Delay(TimeSpan.FromMilliseconds(50), stop);
        }
    }

    // A node that stopped refuses connections: counted, and tried again a second later rather than ending the soak.
    private async Task<SoakClient?> ConnectAsync(int port, bool stalled, CancellationToken stop)
    {
        try
        {
            return await SoakClient.ConnectAsync(port, stalled);
        }
        catch (System.Net.Sockets.SocketException)
        {
            Interlocked.Increment(ref _refused);
            await Delay(TimeSpan.FromSeconds(1), stop);
            return null;
        }
    }

    private byte[] Mutate(byte[] frame)
    {
        var copy = frame.ToArray();
        for (var i = 0; i < 3; i++)
        {
            copy[_random.Next(copy.Length)] = (byte)_random.Next(256);
        }

        return copy;
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static async Task Delay(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
            // The soak is over.
        }
    }
}

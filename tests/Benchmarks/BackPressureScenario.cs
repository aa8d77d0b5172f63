using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorRooms.Benchmarks;

/// <summary>What one back-pressure run measured.</summary>
public sealed record BackPressureResult(string Server, TimeSpan Duration, long Published, long HealthyDelivered, long ServerPeakRss, bool StalledDisconnected);

/// <summary>
/// Back-pressure: one publisher sends as fast as TCP lets it, with no flow control of its own, for the whole run, to a
/// room with healthy subscribers and one that never reads. The server's peak memory must stay within its configured
/// bounds (the stalled subscriber is disconnected at its output limit; the publisher is slowed, not buffered).
/// </summary>
public sealed class BackPressureScenario(int healthySubscribers, int payloadBytes, TimeSpan duration)
{
    private const string Room = "flood";

    public async Task<BackPressureResult> RunAsync(ServerUnderTest server)
    {
        var frameSize = Encoding.ASCII.GetByteCount($"*3\r\n$7\r\nmessage\r\n${Room.Length}\r\n{Room}\r\n${payloadBytes}\r\n") + payloadBytes + 2;
        var healthy = await ByteCountingSubscriber.ConnectAllAsync(server, Enumerable.Repeat((server.Port, Room), healthySubscribers), frameSize);
        await using var stalled = await ByteCountingSubscriber.ConnectStalledAsync(server, server.Port, Room);
        using var publisher = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await publisher.ConnectAsync(IPAddress.Loopback, server.Port);
        var drain = Drain.RepliesAsync(publisher);
        var block = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(
            $"*3\r\n$7\r\nPUBLISH\r\n${Room.Length}\r\n{Room}\r\n${payloadBytes}\r\n{new string('x', payloadBytes)}\r\n", 256)));
        long published = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await publisher.SendAsync(block, SocketFlags.None);
            published += 256;
        }

        var peak = server.Memory.PeakRss;
        var stalledDisconnected = await stalled.DrainUntilClosedAsync(TimeSpan.FromSeconds(30));
        publisher.Close();
        await drain;
        var delivered = healthy.Sum(h => h.Frames);
        foreach (var subscriber in healthy)
        {
            await subscriber.DisposeAsync();
        }

        return new BackPressureResult(server.Name, duration, published, delivered, peak, stalledDisconnected);
    }
}

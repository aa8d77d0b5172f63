using System.Diagnostics;
using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Hardening;

/// <summary>
/// A seeded socket-level fuzzer: random, truncated, mutated and oversized RESP and inline frames against a broker with
/// small limits, while a healthy publisher and subscriber keep working and every reply stays well-formed RESP.
/// </summary>
[Collection(nameof(HostileInputCollection))]
public sealed class HostileInputSpecs(HardeningBroker broker, ITestOutputHelper output) : IClassFixture<HardeningBroker>
{
    // Fixed: a failure replays exactly. 250 batches × 10 connections × 16 frames = 40,000 frames.
    private const int Seed = 20_261_126;
    private const int Batches = 250;
    private const int ConnectionsPerBatch = 10;
    private const int FramesPerConnection = 16;
    private const int MessagesPerBatch = 5;
    private const string HealthyRoom = "healthy.sequence";

    private static readonly HashSet<string> DocumentedProtocolErrors =
    [
        "invalid multibulk length",
        "invalid bulk length",
        "too big mbulk count string",
        "too big bulk count string",
        "too big inline request",
        "unbalanced quotes in request",
    ];

    // The command errors of docs/protocol.md that mutated PUBLISH/SUBSCRIBE frames can reach.
    private static readonly string[] DocumentedCommandErrorPrefixes =
    [
        "-ERR unknown command '",
        "-ERR wrong number of arguments for '",
        "-ERR unknown subcommand '",
        "-ERR Can't execute '",
    ];

    [Fact]
    public async Task Should_keep_serving_healthy_clients_and_reply_well_formed_resp_when_fed_hostile_input()
    {
        var node = broker.Node;
        var baselineClients = node.Counters.ConnectedClients;
        var protocolErrorsBefore = node.Counters.ProtocolErrors;
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var random = new Random(Seed);
        var stopwatch = Stopwatch.StartNew();
        var framesSent = 0;
        var repliesRead = 0;
        var protocolErrorsRead = 0;
        var resets = 0;

        using (var subscriber = await RawSocket.ConnectAsync(node.Endpoint))
        using (var publisher = await RawSocket.ConnectAsync(node.Endpoint))
        {
            await subscriber.TrySendAsync(Resp.Command("SUBSCRIBE", HealthyRoom));
            await subscriber.ReadFramesAsync(1);
            subscriber.ClearReceived();
            var sequence = 0;

            for (var batch = 0; batch < Batches; batch++)
            {
                for (var c = 0; c < ConnectionsPerBatch; c++)
                {
                    var result = await FuzzOneConnectionAsync(random);
                    framesSent += FramesPerConnection;
                    repliesRead += result.Replies.Count;
                    resets += result.Reset ? 1 : 0;
                    for (var r = 0; r < result.Replies.Count; r++)
                    {
                        if (AssertDocumentedError(result.Replies[r]))
                        {
                            // A protocol error closes the connection: nothing may follow it.
                            Assert.Equal(result.Replies.Count - 1, r);
                            protocolErrorsRead++;
                        }
                    }
                }

                // The healthy pair: every message arrives, complete and in order, between the batches.
                var publishes = Enumerable.Range(sequence, MessagesPerBatch)
                    .SelectMany(n => Resp.Command("PUBLISH", HealthyRoom, $"seq:{n:D6}"))
                    .ToArray();
                Assert.True(await publisher.TrySendAsync(publishes));
                var publishReplies = RawSocket.SplitFrames(await publisher.ReadFramesAsync(MessagesPerBatch)).Frames;
                publisher.ClearReceived();
                Assert.All(publishReplies, r => Assert.Equal(":1\r\n", Encoding.Latin1.GetString(r)));
                var delivered = RawSocket.SplitFrames(await subscriber.ReadFramesAsync(MessagesPerBatch)).Frames;
                subscriber.ClearReceived();
                Assert.Equal(MessagesPerBatch, delivered.Count);
                foreach (var frame in delivered)
                {
                    var elements = RespFrames.BulkElements(frame);
                    Assert.Equal("message", Encoding.Latin1.GetString(elements[0]!));
                    Assert.Equal(HealthyRoom, Encoding.Latin1.GetString(elements[1]!));
                    Assert.Equal($"seq:{sequence++:D6}", Encoding.Latin1.GetString(elements[2]!));
                }

                // And a newcomer is served.
                using var fresh = await RawSocket.ConnectAsync(node.Endpoint);
                await fresh.TrySendAsync(Resp.Command("PING"));
                Assert.Equal("+PONG\r\n", Encoding.Latin1.GetString(await fresh.ReadFramesAsync(1)));
            }

            Assert.Equal(Batches * MessagesPerBatch, sequence);
        }

        var elapsed = stopwatch.Elapsed;
        var backToBaseline = await Eventually.WithinAsync(
            () => Task.FromResult(node.Counters.ConnectedClients == baselineClients), TimeSpan.FromSeconds(15));
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine(
            $"seed {Seed}: {framesSent} frames on {Batches * ConnectionsPerBatch} connections in {elapsed.TotalSeconds:F1}s; " +
            $"{repliesRead} replies read, {protocolErrorsRead} protocol errors read, {resets} resets, " +
            $"broker counted {node.Counters.ProtocolErrors - protocolErrorsBefore} protocol errors; " +
            $"managed memory {memoryBefore / 1024} KiB before, {memoryAfter / 1024} KiB after; " +
            $"connected clients {node.Counters.ConnectedClients} (baseline {baselineClients})");

        Assert.True(backToBaseline, $"ConnectedClients is {node.Counters.ConnectedClients}, baseline {baselineClients}");
        Assert.True(node.Counters.ProtocolErrors - protocolErrorsBefore >= protocolErrorsRead, "The broker counted fewer protocol errors than the fuzzer read.");
        Assert.True(protocolErrorsRead > 0, "The fuzzer never read a protocol error: it did not reach the limits.");
        Assert.True(repliesRead > protocolErrorsRead, "The fuzzer never read an ordinary reply: its frames were all rejected.");

        // Loose on purpose: the test process also hosts the broker's ActorSystem, xunit and the other brokers of this
        // assembly (this collection runs alone, but their fixtures stay alive), and the GC keeps pools and tiered-JIT
        // data as it pleases. Only a leak proportional to the 40,000 frames (tens of MiB of retained buffers or
        // connection state) should trip it; a few KiB per connection would not, and that is what the counters are for.
        Assert.True(memoryAfter - memoryBefore < 64L * 1024 * 1024, $"Managed memory grew from {memoryBefore} to {memoryAfter} bytes.");
    }

    // True when the reply is a protocol error (a documented one; anything else fails the test).
    private static bool AssertDocumentedError(byte[] reply)
    {
        if (reply[0] != (byte)'-')
        {
            return false;
        }

        var text = Encoding.Latin1.GetString(reply, 0, reply.Length - 2);
        const string protocolPrefix = "-ERR Protocol error: ";
        if (text.StartsWith(protocolPrefix, StringComparison.Ordinal))
        {
            var reason = text[protocolPrefix.Length..];
            Assert.True(
                DocumentedProtocolErrors.Contains(reason) || (reason.StartsWith("expected '$', got '", StringComparison.Ordinal) && reason.EndsWith('\'')),
                $"Undocumented protocol error: {Resp.Show(reply)}");
            return true;
        }

        Assert.True(
            DocumentedCommandErrorPrefixes.Any(p => text.StartsWith(p, StringComparison.Ordinal)),
            $"Undocumented error: {Resp.Show(reply)}");
        return false;
    }

    private async Task<(IReadOnlyList<byte[]> Replies, bool Reset)> FuzzOneConnectionAsync(Random random)
    {
        var burst = new MemoryStream();
        for (var f = 0; f < FramesPerConnection; f++)
        {
            await burst.WriteAsync(HostileFrame(random));
        }

        var bytes = burst.ToArray();
        var mode = random.Next(3);
        using var socket = await RawSocket.ConnectAsync(broker.Node.Endpoint);
        switch (mode)
        {
            case 0:
                // Send everything, end input, and read every reply until the broker closes.
                await socket.TrySendAsync(bytes);
                socket.HalfClose();
                await socket.ReadUntilClosedAsync();
                Assert.True(socket.PeerClosed, $"The broker did not close a half-closed connection: {Resp.Show(socket.Received)}");
                var (frames, rest) = RawSocket.SplitFrames(socket.Received);

                // A reset (the broker closed with our input unread) may cut what was in flight; a FIN may not.
                Assert.True(rest == 0 || socket.WasReset, $"A reply was cut short: {Resp.Show(socket.Received)}");
                return (frames, socket.WasReset);
            case 1:
                // Vanish mid-frame with a reset.
                await socket.TrySendAsync(bytes.AsMemory(0, random.Next(bytes.Length + 1)));
                socket.Reset();
                return ([], true);
            default:
                // Send and close cleanly without reading.
                await socket.TrySendAsync(bytes);
                return ([], false);
        }
    }

    private static byte[] HostileFrame(Random random) => random.Next(12) switch
    {
        0 => ValidFrame(random),
        1 or 2 => Mutate(random, ValidFrame(random)),
        3 => Truncate(random, ValidFrame(random)),
        4 => BadMultibulkLength(random),
        5 => BadBulkLength(random),
        6 => Inline(random),
        7 => Garbage(random),
        8 => LongHeader(random),
        9 => ManyArguments(random),
        10 => UnbalancedQuotes(random),
        _ => WrongElementType(random),
    };

    private static byte[] ValidFrame(Random random) => random.Next(4) switch
    {
        0 => Resp.Command("PUBLISH", $"fz.{random.Next(50)}", new string('p', PayloadLength(random))),
        1 => Resp.Command("SUBSCRIBE", $"fz.{random.Next(50)}", $"fz.{random.Next(50)}"),
        2 => Resp.Command("PSUBSCRIBE", $"fz.{random.Next(5)}.*"),
        _ => Resp.Command("PING"),
    };

    // Mostly small, sometimes right at or just past max-bulk-length.
    private static int PayloadLength(Random random) => random.Next(4) switch
    {
        0 => HardeningBroker.MaxBulkLength - 1 + random.Next(3),
        1 => random.Next(HardeningBroker.MaxBulkLength + 512),
        _ => random.Next(64),
    };

    private static byte[] Mutate(Random random, byte[] frame)
    {
        var flips = 1 + random.Next(4);
        for (var i = 0; i < flips; i++)
        {
            frame[random.Next(frame.Length)] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(frame[random.Next(frame.Length)] ^ (1 << random.Next(8)));
        }

        return frame;
    }

    private static byte[] Truncate(Random random, byte[] frame) => frame[..random.Next(frame.Length)];

    private static byte[] BadMultibulkLength(Random random)
    {
        string[] counts = ["-1", "-2", "-2147483649", "0", "15", "16", "17", "2147483647", "9223372036854775807", "99999999999999999999", "+3", "03", "", "abc", "1 "];
        return Resp.Bytes($"*{counts[random.Next(counts.Length)]}\r\n$7\r\nPUBLISH\r\n");
    }

    private static byte[] BadBulkLength(Random random)
    {
        string[] lengths = ["-1", "-2", "4095", "4096", "4097", "65536", "1073741824", "2147483648", "", "x", "+5", "-0"];
        return Resp.Bytes($"*3\r\n$7\r\nPUBLISH\r\n$1\r\na\r\n${lengths[random.Next(lengths.Length)]}\r\n{new string('d', random.Next(300))}\r\n");
    }

    private static byte[] Inline(Random random)
    {
        var length = HardeningBroker.MaxInlineLength - 6 + random.Next(12);
        return random.Next(2) == 0
            ? Resp.Bytes($"PUBLISH fz.{random.Next(50)} {new string('i', Math.Max(0, length - 13))}\r\n")
            : Resp.Bytes($"SUBSCRIBE fz.{random.Next(50)}\n");
    }

    private static byte[] Garbage(Random random)
    {
        var bytes = new byte[1 + random.Next(600)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] LongHeader(Random random) =>
        Resp.Bytes((random.Next(2) == 0 ? "*" : "*1\r\n$") + new string('1', HardeningBroker.MaxInlineLength + random.Next(64)));

    private static byte[] ManyArguments(Random random)
    {
        var count = random.Next(2) == 0 ? HardeningBroker.MaxArguments + random.Next(3) - 1 : 1_000_000 + random.Next(1000);
        var arguments = Enumerable.Range(0, Math.Min(count, HardeningBroker.MaxArguments + 2)).Select(i => $"fz.{i}").ToArray();
        var frame = Resp.Command(["SUBSCRIBE", .. arguments[..^1]]);
        var header = Encoding.ASCII.GetBytes($"*{count}");
        return [.. header, .. frame.AsSpan(frame.AsSpan().IndexOf((byte)'\r'))];
    }

    private static byte[] UnbalancedQuotes(Random random)
    {
        string[] lines = ["PING \"abc\r\n", "PING 'abc\r\n", "PING \"a\"b\r\n", "PUBLISH \"fz.1\" \"\\x4\r\n", "PING \"\\xZZ\"\r\n", "ECHO '\\''x\r\n"];
        return Resp.Bytes(lines[random.Next(lines.Length)]);
    }

    private static byte[] WrongElementType(Random random)
    {
        char[] types = ['+', ':', '*', '-', 'x', '\r'];
        return Resp.Bytes($"*2\r\n$7\r\nPUBLISH\r\n{types[random.Next(types.Length)]}3\r\nabc\r\n");
    }
}

/// <summary>Runs the fuzzer alone: its memory check and its share of two cores should not depend on other classes.</summary>
[CollectionDefinition(nameof(HostileInputCollection), DisableParallelization = true)]
public sealed class HostileInputCollection;

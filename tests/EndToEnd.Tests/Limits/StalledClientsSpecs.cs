using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Limits;

/// <summary>The other stalls of the slow-consumer story: every subscriber stalls, a MONITOR that never reads, and a publisher that never reads its replies.</summary>
[Collection(nameof(SmallLimitsCollection))]
public sealed class StalledClientsSpecs(SmallLimitsBroker broker)
{
    [Fact]
    public async Task Should_disconnect_every_subscriber_and_keep_serving_the_publisher_when_all_subscribers_stall()
    {
        var stalled = new List<RespConnection>();
        for (var i = 0; i < 2; i++)
        {
            var subscriber = await RespConnection.ConnectAsync(broker.Node.Endpoint);
            await subscriber.SendCommandAsync("SUBSCRIBE", "nobody-reads");
            await subscriber.ReadFrameAsync();
            stalled.Add(subscriber);
        }

        await using var publisher = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        var disconnectionsBefore = broker.Node.Counters.SlowConsumerDisconnections;
        var payload = new string('s', SmallLimitsBroker.MaxBulkLength - 8);
        var replies = new StringBuilder();

        // 20 MB per subscriber: far past their kernel buffers and the 256 KiB bound.
        for (var i = 0; i < 20_000; i += 100)
        {
            await publisher.SendAsync(Enumerable.Range(i, 100).SelectMany(_ => Resp.Command("PUBLISH", "nobody-reads", payload)).ToArray());
            replies.Append(Encoding.Latin1.GetString(await publisher.ReadFramesAsync(100, TimeSpan.FromSeconds(30))));
        }

        // The publisher keeps publishing until the shed subscribers have left the room (this broker closes a
        // connection idle for 1 s, and on a busy machine the sheds can take longer than that).
        await Eventually.HoldsAsync(
            async () =>
            {
                await publisher.SendCommandAsync("PUBLISH", "nobody-reads", "after");
                return Encoding.Latin1.GetString(await publisher.ReadFrameAsync()) == ":0\r\n";
            },
            TimeSpan.FromSeconds(30),
            "the stalled subscribers to leave the room");
        foreach (var subscriber in stalled)
        {
            var (_, closed) = await subscriber.ReadUntilClosedAsync(TimeSpan.FromSeconds(30));
            Assert.True(closed);
            await subscriber.DisposeAsync();
        }

        Assert.Equal(disconnectionsBefore + 2, broker.Node.Counters.SlowConsumerDisconnections);
        Assert.StartsWith(":2\r\n", replies.ToString(), StringComparison.Ordinal);
        Assert.EndsWith(":0\r\n", replies.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_disconnect_a_monitor_that_never_reads_when_its_lines_pass_the_bound()
    {
        var monitor = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await monitor.SendCommandAsync("MONITOR");
        Assert.Equal("+OK\r\n", Encoding.Latin1.GetString(await monitor.ReadFrameAsync()));
        await using var publisher = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        var disconnectionsBefore = broker.Node.Counters.SlowConsumerDisconnections;
        var payload = new string('m', SmallLimitsBroker.MaxBulkLength - 8);

        // 20 MB of monitor lines: far past the monitor's kernel buffers and the 256 KiB bound.
        for (var i = 0; i < 20_000; i += 100)
        {
            await publisher.SendAsync(Enumerable.Range(i, 100).SelectMany(_ => Resp.Command("PUBLISH", "monitored", payload)).ToArray());
            await publisher.ReadFramesAsync(100, TimeSpan.FromSeconds(30));
        }

        var (_, closed) = await monitor.ReadUntilClosedAsync(TimeSpan.FromSeconds(30));
        await monitor.DisposeAsync();
        Assert.True(closed);
        Assert.Equal(disconnectionsBefore + 1, broker.Node.Counters.SlowConsumerDisconnections);
    }

    [Fact]
    public async Task Should_slow_a_publisher_that_never_reads_its_replies_without_dropping_or_disconnecting_it()
    {
        await using var subscriber = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await subscriber.SendCommandAsync("SUBSCRIBE", "deaf-publisher");
        await subscriber.ReadFrameAsync();
        await using var publisher = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        var disconnectionsBefore = broker.Node.Counters.SlowConsumerDisconnections;
        const int messages = 200_000;

        // The publisher sends everything and reads nothing until the end; its replies (:1\r\n each, 800 KB in all)
        // pile up until the broker stops reading from it, and TCP holds the rest of its commands back.
        // It publishes no faster than the subscriber reads (never more than 2,000 messages ahead), so only its own
        // unread replies can pile up.
        var received = 0;
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < messages; i += 1000)
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
                while (i - Volatile.Read(ref received) > 2000 && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(1);
                }

                await publisher.SendAsync(Enumerable.Range(i, 1000).SelectMany(n => Resp.Command("PUBLISH", "deaf-publisher", $"{n}")).ToArray());
            }
        });
        while (Volatile.Read(ref received) < messages)
        {
            await subscriber.ReadFramesAsync(1000, TimeSpan.FromSeconds(30));
            Volatile.Write(ref received, received + 1000);
        }

        await sending;
        var replies = Encoding.Latin1.GetString(await publisher.ReadFramesAsync(messages, TimeSpan.FromSeconds(30)));

        Assert.Equal(string.Concat(Enumerable.Repeat(":1\r\n", messages)), replies);
        Assert.Equal(disconnectionsBefore, broker.Node.Counters.SlowConsumerDisconnections);
    }
}

using System.Text;
using ActorRooms.EndToEnd.Tests.Hardening;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Limits;

/// <summary>Every limit in docs/protocol.md, hit on purpose, answered with its documented error.</summary>
[Collection(nameof(SmallLimitsCollection))]
public sealed class LimitsSpecs(SmallLimitsBroker broker)
{
    [Fact]
    public async Task Should_refuse_the_whole_command_when_it_would_pass_the_subscription_limit()
    {
        await using var client = await RespConnection.ConnectAsync(broker.Node.Endpoint);

        await client.SendCommandAsync("SUBSCRIBE", "a", "b");
        await client.ReadFramesAsync(2);
        await client.SendCommandAsync("PSUBSCRIBE", "c*", "d*");
        var refused = await client.ReadFrameAsync();
        await client.SendCommandAsync("SUBSCRIBE", "a", "c");
        var accepted = await client.ReadFramesAsync(2);

        Assert.Equal($"-ERR max subscriptions per connection reached ({SmallLimitsBroker.MaxSubscriptions})\r\n", Text(refused));
        Assert.EndsWith("$1\r\nc\r\n:3\r\n", Text(accepted), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bulk", "-ERR Protocol error: invalid bulk length\r\n")]
    [InlineData("arguments", "-ERR Protocol error: invalid multibulk length\r\n")]
    [InlineData("inline arguments", "-ERR Protocol error: invalid multibulk length\r\n")]
    [InlineData("inline", "-ERR Protocol error: too big inline request\r\n")]
    [InlineData("header", "-ERR Protocol error: too big mbulk count string\r\n")]
    public async Task Should_reply_the_protocol_error_and_close_when_a_request_passes_a_size_limit(string limit, string expected)
    {
        await using var client = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        var request = limit switch
        {
            "bulk" => Resp.Command("PUBLISH", "a", new string('x', SmallLimitsBroker.MaxBulkLength + 1)),
            "arguments" => Resp.Command(Enumerable.Repeat("SUBSCRIBE", SmallLimitsBroker.MaxArguments + 1).ToArray()),
            "inline" => Resp.Bytes("PING " + new string('x', SmallLimitsBroker.MaxInlineLength + 10)),
            "inline arguments" => Resp.Bytes("PUBSUB NUMSUB" + string.Concat(Enumerable.Range(0, SmallLimitsBroker.MaxArguments).Select(i => $" r{i}")) + "\r\n"),
            _ => Resp.Bytes("*" + new string('1', SmallLimitsBroker.MaxInlineLength + 10)),
        };

        await client.SendAsync(request);
        var (received, closed) = await client.ReadUntilClosedAsync();

        Assert.Equal(expected, Text(received));
        Assert.True(closed);
    }

    [Fact]
    public async Task Should_let_the_client_send_its_whole_oversized_publish_and_read_the_error_before_a_fin()
    {
        // A client writes its whole command before it reads (as redis-cli and most libraries do): 4 MB here, far more
        // than the socket buffers hold. The broker stops taking commands at the bad length, answers, half-closes and
        // drains the rest, so the send completes and the error arrives, followed by a FIN, not a reset.
        using var client = await RawSocket.ConnectAsync(broker.Node.Endpoint);
        var request = Resp.Command("PUBLISH", "a", new string('x', 4 * 1024 * 1024));

        var sentWhole = await client.TrySendAsync(request);
        await client.ReadUntilClosedAsync();

        Assert.True(sentWhole, "The broker reset the connection while the client was still sending.");
        Assert.Equal("-ERR Protocol error: invalid bulk length\r\n", Text(client.Received));
        Assert.True(client.PeerClosed);
        Assert.False(client.WasReset, "The connection was reset instead of closed.");
    }

    [Fact]
    public async Task Should_accept_a_payload_when_it_is_exactly_at_the_bulk_limit()
    {
        await using var client = await RespConnection.ConnectAsync(broker.Node.Endpoint);

        await client.SendCommandAsync("PUBLISH", "nobody", new string('x', SmallLimitsBroker.MaxBulkLength));

        Assert.Equal(":0\r\n", Text(await client.ReadFrameAsync()));
    }

    [Fact]
    public async Task Should_disconnect_a_subscriber_when_it_stops_reading_and_keep_the_others_whole()
    {
        // 30 MB in all: far more than the stalled socket's kernel buffers and the 256 KiB bound together.
        const int messages = 30_000;
        var payload = new string('p', SmallLimitsBroker.MaxBulkLength - 24);
        await using var stalled = await SubscribeAsync("firehose");
        await using var healthy = await SubscribeAsync("firehose");
        await using var publisher = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        var disconnectionsBefore = broker.Node.Counters.SlowConsumerDisconnections;

        // The stalled subscriber never reads; the healthy one reads everything as it arrives, checking the order.
        var healthyReceived = 0;
        var reading = Task.Run(async () =>
        {
            for (var expected = 0; expected < messages; expected++)
            {
                var frame = Text(await healthy.ReadFrameAsync(TimeSpan.FromSeconds(30)));
                var sequence = frame[(frame.LastIndexOf("\r\n", frame.Length - 3, StringComparison.Ordinal) + 2)..][..6];
                Assert.Equal($"{expected:D6}", sequence);
                Volatile.Write(ref healthyReceived, expected + 1);
            }
        });
        for (var i = 0; i < messages; i += 100)
        {
            // A pace the healthy reader keeps up with: never more than 50 messages (~50 KB) ahead of it.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (i - Volatile.Read(ref healthyReceived) > 50 && DateTime.UtcNow < deadline && !reading.IsCompleted)
            {
                await Task.Delay(1);
            }

            var batch = Enumerable.Range(i, 100).SelectMany(n => Resp.Command("PUBLISH", "firehose", $"{n:D6}{payload}")).ToArray();
            await publisher.SendAsync(batch);
            await publisher.ReadFramesAsync(100, TimeSpan.FromSeconds(30));
        }

        await reading;
        var (_, stalledClosed) = await stalled.ReadUntilClosedAsync(TimeSpan.FromSeconds(30));

        Assert.True(stalledClosed);
        Assert.Equal(disconnectionsBefore + 1, broker.Node.Counters.SlowConsumerDisconnections);
    }

    [Fact]
    public async Task Should_close_a_client_when_it_is_idle_past_the_timeout_but_not_a_subscriber_or_a_monitor()
    {
        await using var idle = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await using var subscriber = await SubscribeAsync("waiting");
        await using var monitor = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await monitor.SendCommandAsync("MONITOR");
        Assert.Equal("+OK\r\n", Text(await monitor.ReadFrameAsync()));

        var (_, idleClosed) = await idle.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
        await subscriber.SendCommandAsync("PING");
        var pong = Text(await subscriber.ReadFrameAsync());
        await subscriber.SendCommandAsync("PING");

        Assert.True(idleClosed);
        Assert.Equal("*2\r\n$4\r\npong\r\n$0\r\n\r\n", pong);
        // The monitor, as idle as the closed client, is still there: it sees the subscriber's PINGs.
        Assert.Contains("\"PING\"", Text(await monitor.ReadFrameAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_refuse_the_connection_over_max_clients_with_the_redis_error()
    {
        var clients = new List<RespConnection>();
        try
        {
            // Fill the broker (other tests of this class may hold a few connections; keep pinging until one is refused).
            string? refusal = null;
            for (var i = 0; i <= SmallLimitsBroker.MaxClients && refusal is null; i++)
            {
                var client = await RespConnection.ConnectAsync(broker.Node.Endpoint);
                clients.Add(client);
                await client.SendCommandAsync("PING");
                var reply = Text(await client.ReadFrameAsync());
                if (reply != "+PONG\r\n")
                {
                    refusal = reply;
                }
            }

            Assert.Equal("-ERR max number of clients reached\r\n", refusal);
            Assert.True(broker.Node.Counters.RejectedConnections >= 1);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            // The broker notices the closes asynchronously; the next spec must find the places free again.
            await Eventually.WithinAsync(() => Task.FromResult(broker.Node.Counters.ConnectedClients == 0), TimeSpan.FromSeconds(10));
        }
    }

    private async Task<RespConnection> SubscribeAsync(string channel)
    {
        var client = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await client.SendCommandAsync("SUBSCRIBE", channel);
        await client.ReadFrameAsync();
        return client;
    }

    private static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}

/// <summary>The limits specs share one small-limits broker and run one at a time (max-clients counts them all).</summary>
[CollectionDefinition(nameof(SmallLimitsCollection), DisableParallelization = true)]
public sealed class SmallLimitsCollection : ICollectionFixture<SmallLimitsBroker>;

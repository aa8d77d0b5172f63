using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Hardening;

/// <summary>Clients that go silent, half-close or reset mid-reply: the broker answers what it owes and serves everyone else.</summary>
public sealed class AbruptClientSpecs(HardeningBroker broker) : IClassFixture<HardeningBroker>
{
    [Fact]
    public async Task Should_keep_serving_others_and_the_silent_client_when_a_client_connects_and_sends_nothing()
    {
        using var silent = await RawSocket.ConnectAsync(broker.Node.Endpoint);
        await using var subscriber = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await using var publisher = await RespConnection.ConnectAsync(broker.Node.Endpoint);

        await subscriber.SendCommandAsync("SUBSCRIBE", "silent.room");
        await subscriber.ReadFrameAsync();
        await publisher.SendCommandAsync("PUBLISH", "silent.room", "hello");
        var published = Text(await publisher.ReadFrameAsync());
        var delivered = Text(await subscriber.ReadFrameAsync());
        Assert.True(await silent.TrySendAsync(Resp.Command("PING")));
        var silentReply = Text(await silent.ReadFramesAsync(1));

        Assert.Equal(":1\r\n", published);
        Assert.Equal("*3\r\n$7\r\nmessage\r\n$11\r\nsilent.room\r\n$5\r\nhello\r\n", delivered);
        Assert.Equal("+PONG\r\n", silentReply);
    }

    [Fact]
    public async Task Should_answer_every_command_then_close_when_the_client_half_closes()
    {
        using var client = await RawSocket.ConnectAsync(broker.Node.Endpoint);

        Assert.True(await client.TrySendAsync((byte[])[.. Resp.Command("PUBLISH", "a", "b"), .. Resp.Command("PING")]));
        client.HalfClose();
        await client.ReadUntilClosedAsync();

        Assert.Equal(":0\r\n+PONG\r\n", Text(client.Received));
        Assert.True(client.PeerClosed, "The broker did not close after the client's end of input.");
        Assert.False(client.WasReset, "The broker reset instead of closing cleanly.");
    }

    [Fact]
    public async Task Should_deliver_every_message_to_the_other_subscriber_when_one_is_reset_mid_write()
    {
        // 2,000 × 4,000 bytes = 8 MB: more than the kernel buffers of the stalled socket, less than max-queued-bytes
        // (32m default), so the broker is still writing to it when it resets, and no slow-consumer rule kicks in.
        const int messages = 2_000;
        const int resetAfter = 1_000;
        const string room = "reset.room";
        var payload = new string('r', 4_000 - 6);
        using var victim = await RawSocket.ConnectAsync(broker.Node.Endpoint);
        await using var healthy = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await using var publisher = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        Assert.True(await victim.TrySendAsync(Resp.Command("SUBSCRIBE", room)));
        await victim.ReadFramesAsync(1);
        var victimAddress = $"addr={victim.LocalEndPoint} ";
        await healthy.SendCommandAsync("SUBSCRIBE", room);
        await healthy.ReadFrameAsync();
        await publisher.SendCommandAsync("CLIENT", "LIST");
        Assert.Contains(victimAddress, Text(await publisher.ReadFrameAsync()), StringComparison.Ordinal);

        var reading = Task.Run(async () =>
        {
            for (var expected = 0; expected < messages; expected++)
            {
                var elements = RespFrames.BulkElements(await healthy.ReadFrameAsync(TimeSpan.FromSeconds(30)));
                Assert.Equal($"{expected:D6}{payload}", Encoding.Latin1.GetString(elements[2]!));
            }
        });
        var replies = new List<string>();
        for (var i = 0; i < messages; i += 100)
        {
            if (i == resetAfter)
            {
                victim.Reset();
            }

            await publisher.SendAsync(Enumerable.Range(i, 100).SelectMany(n => Resp.Command("PUBLISH", room, $"{n:D6}{payload}")).ToArray());
            var frames = await publisher.ReadFramesAsync(100, TimeSpan.FromSeconds(30));
            replies.AddRange(Text(frames).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        }

        await reading;
        await publisher.SendCommandAsync("PUBSUB", "NUMSUB", room);
        var remaining = Text(await publisher.ReadFrameAsync());

        Assert.All(replies[..resetAfter], r => Assert.Equal(":2", r));
        Assert.All(replies[resetAfter..], r => Assert.True(r is ":1" or ":2", r));
        Assert.Equal($"*2\r\n$10\r\n{room}\r\n:1\r\n", remaining);
        Assert.True(
            await Eventually.WithinAsync(
                async () =>
                {
                    await publisher.SendCommandAsync("CLIENT", "LIST");
                    return !Text(await publisher.ReadFrameAsync()).Contains(victimAddress, StringComparison.Ordinal);
                },
                TimeSpan.FromSeconds(10)),
            $"CLIENT LIST still shows the reset subscriber ({victimAddress}).");
    }

    private static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}

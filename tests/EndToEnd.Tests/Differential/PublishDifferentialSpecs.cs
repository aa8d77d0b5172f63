using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>PUBLISH replies and the message / pmessage frames subscribers receive, byte for byte as redis-server sends them.</summary>
[Collection(DifferentialCollection.Name)]
public sealed class PublishDifferentialSpecs(DifferentialServers servers)
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_deliver_a_message_and_count_one_receiver_when_publishing_to_a_subscribed_channel(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var subscriber = await run.ConnectAsync("sub", protocol);
            var publisher = await run.ConnectAsync("pub");
            await subscriber.SendAsync("SUBSCRIBE", "px.AAPL");
            await subscriber.ReceiveAsync();

            await publisher.SendAsync("PUBLISH", "px.AAPL", "187.25");

            await publisher.ReceiveAsync();
            await subscriber.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_deliver_a_pmessage_when_publishing_to_a_channel_matching_a_pattern(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var subscriber = await run.ConnectAsync("sub", protocol);
            var publisher = await run.ConnectAsync("pub");
            await subscriber.SendAsync("PSUBSCRIBE", "news.*");
            await subscriber.ReceiveAsync();

            await publisher.SendAsync("PUBLISH", "news.art", "Hello");
            await publisher.ReceiveAsync();
            await publisher.SendAsync("PUBLISH", "news.a.b", "nested");
            await publisher.ReceiveAsync();
            await publisher.SendAsync("PUBLISH", "sports.art", "not matched");

            await publisher.ReceiveAsync();
            await subscriber.ReceiveAsync(2);
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_deliver_message_then_pmessage_and_count_two_when_subscribed_to_the_channel_and_a_matching_pattern(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var subscriber = await run.ConnectAsync("sub", protocol);
            var publisher = await run.ConnectAsync("pub");
            await subscriber.SendAsync("SUBSCRIBE", "foo");
            await subscriber.ReceiveAsync();
            await subscriber.SendAsync("PSUBSCRIBE", "f*");
            await subscriber.ReceiveAsync();

            await publisher.SendAsync("PUBLISH", "foo", "both");

            await publisher.ReceiveAsync();
            await subscriber.ReceiveAsync(2);
        });

    [Fact]
    public Task Should_reply_zero_when_publishing_to_a_channel_nobody_subscribes() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var publisher = await run.ConnectAsync("pub");

            await publisher.SendAsync("PUBLISH", "nobody.listens", "lost");

            await publisher.ReceiveAsync();
        });

    [Fact]
    public Task Should_deliver_to_every_subscriber_of_a_channel_when_several_subscribe() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var first = await run.ConnectAsync("sub1");
            var second = await run.ConnectAsync("sub2", 3);
            var publisher = await run.ConnectAsync("pub");
            await first.SendAsync("SUBSCRIBE", "shared");
            await first.ReceiveAsync();
            await second.SendAsync("SUBSCRIBE", "shared");
            await second.ReceiveAsync();

            await publisher.SendAsync("PUBLISH", "shared", "to both");

            await publisher.ReceiveAsync();
            await first.ReceiveAsync();
            await second.ReceiveAsync();
        });

    [Fact]
    public Task Should_push_the_message_before_the_reply_when_a_resp3_client_publishes_to_its_own_channel() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("self", 3);
            await client.SendAsync("SUBSCRIBE", "self");
            await client.ReceiveAsync();

            await client.SendAsync("PUBLISH", "self", "echoed");

            await client.ReceiveAsync(2);
        });

    [Fact]
    public Task Should_stop_delivering_when_the_subscriber_has_unsubscribed() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var subscriber = await run.ConnectAsync("sub");
            var publisher = await run.ConnectAsync("pub");
            await subscriber.SendAsync("SUBSCRIBE", "gone");
            await subscriber.ReceiveAsync();
            await subscriber.SendAsync("UNSUBSCRIBE", "gone");
            await subscriber.ReceiveAsync();

            await publisher.SendAsync("PUBLISH", "gone", "nobody");

            await publisher.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_reply_to_every_publish_in_order_when_200_are_pipelined_in_one_write(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var subscriber = await run.ConnectAsync("sub", protocol);
            var publisher = await run.ConnectAsync("pub", protocol);
            await subscriber.SendAsync("SUBSCRIBE", "pipe.1");
            await subscriber.ReceiveAsync();
            // Alternate a subscribed and an empty channel so the replies are not all alike.
            var pipeline = Enumerable.Range(0, 200)
                .SelectMany(i => Resp.Command("PUBLISH", i % 2 == 0 ? "pipe.1" : "pipe.0", $"message {i}"))
                .ToArray();

            await publisher.SendRawAsync(pipeline, "200 x PUBLISH pipe.1|pipe.0 'message i' in one write");

            await publisher.ReceiveAsync(200);
            await subscriber.ReceiveAsync(100);
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_keep_every_byte_when_the_payload_holds_all_256_byte_values(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            byte[] channel = [0, 1, (byte)'\r', (byte)'\n', (byte)' ', (byte)'"', 0x7f, 0x80, 0xfe, 0xff];
            var payload = Enumerable.Range(0, 512).Select(i => (byte)(255 - (i % 256))).ToArray();
            var subscriber = await run.ConnectAsync("sub", protocol);
            var publisher = await run.ConnectAsync("pub");
            await subscriber.SendAsync("SUBSCRIBE"u8.ToArray(), channel);
            await subscriber.ReceiveAsync();
            await subscriber.SendAsync("PSUBSCRIBE"u8.ToArray(), [0, 1, (byte)'*']);
            await subscriber.ReceiveAsync();

            await publisher.SendAsync("PUBLISH"u8.ToArray(), channel, payload);
            await publisher.ReceiveAsync();
            await subscriber.ReceiveAsync(2);
            await publisher.SendAsync("PUBSUB"u8.ToArray(), "NUMSUB"u8.ToArray(), channel, [0, 1]);

            await publisher.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_keep_every_byte_when_the_channel_name_holds_all_256_byte_values(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var channel = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
            var subscriber = await run.ConnectAsync("sub", protocol);
            var publisher = await run.ConnectAsync("pub");
            await subscriber.SendAsync("SUBSCRIBE"u8.ToArray(), channel);
            await subscriber.ReceiveAsync();
            // The same bytes as a pattern prefix, glob specials escaped with a backslash, then '*'.
            byte[] pattern = [.. channel[..^1].SelectMany(b => "*?[]\\"u8.Contains(b) ? new[] { (byte)'\\', b } : [b]), (byte)'*'];
            await subscriber.SendAsync("PSUBSCRIBE"u8.ToArray(), pattern);
            await subscriber.ReceiveAsync();

            await publisher.SendAsync("PUBLISH"u8.ToArray(), channel, "binary channel"u8.ToArray());
            await publisher.ReceiveAsync();
            await subscriber.ReceiveAsync(2);
            await publisher.SendAsync("PUBSUB"u8.ToArray(), "NUMSUB"u8.ToArray(), channel);

            await publisher.ReceiveAsync();
        });
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_answer_every_command_in_order_when_subscribe_publish_and_unsubscribe_are_pipelined(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client", protocol);
            byte[] pipeline =
            [
                .. Resp.Command("SUBSCRIBE", "order.a"), .. Resp.Command("PUBLISH", "order.a", "x"), .. Resp.Command("PING"),
                .. Resp.Command("UNSUBSCRIBE", "order.a"), .. Resp.Command("PUBLISH", "order.a", "y"), .. Resp.Command("ECHO", "done"),
            ];

            await client.SendRawAsync(pipeline, "SUBSCRIBE order.a; PUBLISH order.a x; PING; UNSUBSCRIBE order.a; PUBLISH order.a y; ECHO done");

            await client.ReceiveAsync(protocol == 3 ? 7 : 6);
        });

    [Fact]
    public Task Should_push_each_own_message_just_before_its_reply_when_a_resp3_client_pipelines_publishes() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client", 3);
            await client.SendAsync("SUBSCRIBE", "own.a");
            await client.ReceiveAsync();
            byte[] pipeline =
            [
                .. Resp.Command("PUBLISH", "own.nobody", "first"), .. Resp.Command("PUBSUB", "NUMPAT"),
                .. Resp.Command("PUBLISH", "own.a", "second"), .. Resp.Command("PUBLISH", "own.a", "third"),
            ];

            await client.SendRawAsync(pipeline, "PUBLISH own.nobody first; PUBSUB NUMPAT; PUBLISH own.a second; PUBLISH own.a third");

            await client.ReceiveAsync(6);
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_stop_counting_a_pattern_subscriber_when_its_punsubscribe_was_confirmed(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var subscriber = await run.ConnectAsync("sub", protocol);
            var publisher = await run.ConnectAsync("pub");
            await subscriber.SendAsync("SUBSCRIBE", "punsub.keep");
            await subscriber.ReceiveAsync();
            await subscriber.SendAsync("PSUBSCRIBE", "punsub.*");
            await subscriber.ReceiveAsync();
            await publisher.SendAsync("PUBLISH", "punsub.room", "heard");
            await publisher.ReceiveAsync();
            await subscriber.ReceiveAsync();

            await subscriber.SendAsync("PUNSUBSCRIBE", "punsub.*");
            await subscriber.ReceiveAsync();
            await publisher.SendAsync("PUBLISH", "punsub.room", "unheard");
            await publisher.ReceiveAsync();
            await publisher.SendAsync("PUBLISH", "punsub.keep", "channel only");

            await publisher.ReceiveAsync();
            await subscriber.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_deliver_a_1_mb_payload_intact_when_it_spans_many_socket_reads(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var random = new Random(42);
            var payload = new byte[1024 * 1024];
            random.NextBytes(payload);
            var subscriber = await run.ConnectAsync("sub", protocol);
            var publisher = await run.ConnectAsync("pub");
            await subscriber.SendAsync("SUBSCRIBE", "large");
            await subscriber.ReceiveAsync();

            await publisher.SendAsync(Resp.Bytes("PUBLISH"), Resp.Bytes("large"), payload);
            await publisher.ReceiveAsync();
            await publisher.SendAsync(Resp.Bytes("PUBLISH"), Resp.Bytes("large"), payload[..70_000]);
            await publisher.ReceiveAsync();

            await subscriber.ReceiveDigestAsync(2);
        });
}

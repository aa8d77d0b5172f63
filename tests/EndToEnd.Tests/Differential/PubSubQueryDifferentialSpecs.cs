namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>PUBSUB NUMSUB, NUMPAT and CHANNELS, byte for byte as redis-server answers them.</summary>
[Collection(DifferentialCollection.Name)]
public sealed class PubSubQueryDifferentialSpecs(DifferentialServers servers)
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_reply_an_empty_array_when_numsub_has_no_channels(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client", protocol);

            await client.SendAsync("PUBSUB", "NUMSUB");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_count_channel_subscribers_only_when_numsub_names_several_channels(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var first = await run.ConnectAsync("sub1");
            var second = await run.ConnectAsync("sub2");
            var asker = await run.ConnectAsync("asker", protocol);
            await first.SendAsync("SUBSCRIBE", "numsub.a", "numsub.b");
            await first.ReceiveAsync(2);
            await second.SendAsync("SUBSCRIBE", "numsub.a");
            await second.ReceiveAsync();
            await second.SendAsync("PSUBSCRIBE", "numsub.*");
            await second.ReceiveAsync();

            await asker.SendAsync("PUBSUB", "NUMSUB", "numsub.a", "numsub.b", "numsub.c", "numsub.a");

            await asker.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_count_distinct_patterns_when_several_clients_share_one(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var first = await run.ConnectAsync("sub1");
            var second = await run.ConnectAsync("sub2");
            var asker = await run.ConnectAsync("asker", protocol);
            await asker.SendAsync("PUBSUB", "NUMPAT");
            await asker.ReceiveAsync();
            await first.SendAsync("PSUBSCRIBE", "numpat.*", "numpat.?");
            await first.ReceiveAsync(2);
            await second.SendAsync("PSUBSCRIBE", "numpat.*");
            await second.ReceiveAsync();
            await asker.SendAsync("PUBSUB", "NUMPAT");
            await asker.ReceiveAsync();
            await first.SendAsync("PUNSUBSCRIBE", "numpat.?");
            await first.ReceiveAsync();

            await asker.SendAsync("PUBSUB", "NUMPAT");

            await asker.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_list_the_matching_channel_when_channels_is_given_a_pattern(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var subscriber = await run.ConnectAsync("sub");
            var asker = await run.ConnectAsync("asker", protocol);
            await subscriber.SendAsync("SUBSCRIBE", "listed.one", "unlisted.two");
            await subscriber.ReceiveAsync(2);
            await subscriber.SendAsync("PSUBSCRIBE", "listed.*");
            await subscriber.ReceiveAsync();

            await asker.SendAsync("PUBSUB", "CHANNELS", "listed.*");
            await asker.ReceiveAsync();
            await asker.SendAsync("PUBSUB", "CHANNELS", "nothing.matches.*");

            await asker.ReceiveAsync();
        });

    [Fact]
    public Task Should_refuse_with_a_syntax_error_when_channels_has_two_patterns() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client");

            await client.SendAsync("PUBSUB", "CHANNELS", "a*", "b*");

            await client.ReceiveAsync();
        });
}

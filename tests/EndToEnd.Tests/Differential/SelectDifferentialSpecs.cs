namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>SELECT as redis-server answers it: 0-15 accepted, Redis's errors beyond and for bad input; pub/sub ignores the database.</summary>
[Collection(DifferentialCollection.Name)]
public sealed class SelectDifferentialSpecs(DifferentialServers servers)
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_accept_redis_default_range_and_refuse_the_rest_when_selecting(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client", protocol);

            foreach (var index in new[] { "0", "15", "16", "-1", "x", "01", "1.0", "2147483648", "99999999999999999999" })
            {
                await client.SendAsync("SELECT", index);
                await client.ReceiveAsync();
            }

            await client.SendAsync("SELECT");
            await client.ReceiveAsync();
            await client.SendAsync("SELECT", "1", "2");

            await client.ReceiveAsync();
        });

    [Fact]
    public Task Should_deliver_across_databases_when_publisher_and_subscriber_selected_different_ones() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var subscriber = await run.ConnectAsync("sub");
            var publisher = await run.ConnectAsync("pub");
            await subscriber.SendAsync("SELECT", "2");
            await subscriber.ReceiveAsync();
            await subscriber.SendAsync("SUBSCRIBE", "across-db");
            await subscriber.ReceiveAsync();
            await publisher.SendAsync("SELECT", "5");
            await publisher.ReceiveAsync();

            await publisher.SendAsync("PUBLISH", "across-db", "hello");
            await publisher.ReceiveAsync();

            await subscriber.ReceiveAsync();
        });
}

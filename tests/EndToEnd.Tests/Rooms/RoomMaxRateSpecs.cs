using System.Diagnostics;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Rooms;

/// <summary>ROOM.JOIN ... MAXRATE n over real sockets: per key, no more than n a second over the whole run, and the newest value always arrives.</summary>
[Collection(nameof(RoomFeaturesCollection))]
public sealed class RoomMaxRateSpecs(RoomFeaturesBroker broker)
{
    private const int Keys = 3;
    private const int MaxRate = 20;

    [Fact]
    public async Task Should_deliver_at_most_maxrate_updates_per_key_and_then_the_newest_value_when_a_key_updates_faster()
    {
        // Arrange
        await using var publisherConnection = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await using var reader = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        var publisher = new KeyedPublisher(publisherConnection, "rate-limited", Keys);
        var clock = Stopwatch.StartNew();
        await RoomPush.JoinAsync(reader, "rate-limited", options: ["MAXRATE", MaxRate.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        // Act: publish for a second and a half, far faster than 20 per key per second.
        while (clock.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            await publisher.PublishBatchAsync(30);
        }

        var received = new Dictionary<string, List<long>>();
        while (!publisher.Latest.All(k => received.TryGetValue(k.Key, out var ns) && ns[^1] == k.Value))
        {
            var push = RoomPush.Parse(await reader.ReadFrameAsync());
            var (key, n) = KeyedPublisher.ParsePayload(push.Payload);
            received.TryAdd(key, []);
            received[key].Add(n);
        }

        var elapsed = clock.Elapsed;

        // Assert: counted over the whole run (join to the last value), never per message.
        Assert.True(publisher.Published > Keys * MaxRate * 3);
        foreach (var (key, ns) in received)
        {
            Assert.True(ns.Count <= (MaxRate * elapsed.TotalSeconds) + 1, $"{key}: {ns.Count} updates in {elapsed.TotalSeconds:0.00} s");
            Assert.Equal(ns.Order(), ns);
        }
    }
}

using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Rooms;

/// <summary>ROOM.JOIN ... SNAPSHOT (or SUBSCRIBE room:…?snapshot) while a publisher runs at full speed: no gap and no duplicate between snapshot and live.</summary>
[Collection(nameof(RoomFeaturesCollection))]
public sealed class RoomSnapshotJoinSpecs(RoomFeaturesBroker broker)
{
    private const int Keys = 40;
    private const int Joins = 20;
    private const int LiveMessagesPerJoin = 300;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_continue_every_key_contiguously_from_its_snapshot_value_when_joining_during_a_full_speed_publish(bool viaChannel)
    {
        var room = $"snap-busy-{viaChannel}";
        // Arrange: a publisher that never pauses, over 40 keys.
        await using var publisherConnection = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        var publisher = new KeyedPublisher(publisherConnection, room, Keys);
        await publisher.PublishBatchAsync(Keys * 3);
        using var stop = new CancellationTokenSource();
        var publishing = publisher.PublishUntilAsync(stop.Token);

        try
        {
            for (var join = 0; join < Joins; join++)
            {
                // Act
                await using var reader = await RespConnection.ConnectAsync(broker.Node.Endpoint);
                var joined = await FeedFrame.JoinAsync(reader, viaChannel, room, "SNAPSHOT");
                var epoch = joined.Epoch;
                var lastSeq = joined.Seq;

                // Assert: the snapshot is every key's last value up to the join, in seq order, then the marker.
                var lastByKey = new Dictionary<string, long>();
                long previousSeq = 0;
                while (true)
                {
                    var push = FeedFrame.Parse(await reader.ReadFrameAsync());
                    if (push.Kind == "roomsnapshot")
                    {
                        Assert.Equal((epoch, lastSeq), (push.Epoch, push.Seq));
                        break;
                    }

                    Assert.Equal("roommsg", push.Kind);
                    Assert.InRange(push.Seq, previousSeq + 1, lastSeq);
                    previousSeq = push.Seq;
                    var (key, n) = KeyedPublisher.ParsePayload(push.Payload!);
                    Assert.Equal(push.Key, key);
                    lastByKey.Add(key, n);
                }

                Assert.Equal(Keys, lastByKey.Count);

                // Live: the room's next seqs, one by one, and every key's next n after its snapshot value.
                var expectedSeq = lastSeq + 1;
                for (var i = 0; i < LiveMessagesPerJoin; i++)
                {
                    var push = FeedFrame.Parse(await reader.ReadFrameAsync());
                    Assert.Equal("roommsg", push.Kind);
                    Assert.Equal(epoch, push.Epoch);
                    Assert.Equal(expectedSeq++, push.Seq);
                    var (key, n) = KeyedPublisher.ParsePayload(push.Payload!);
                    Assert.Equal(lastByKey[key] + 1, n);
                    lastByKey[key] = n;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await publishing;
        }
    }
}

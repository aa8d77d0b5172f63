using ActorRooms.Broker.Rooms;
using Akka.IO;

namespace ActorRooms.Broker.Tests.Network;

public sealed class ClientConnectionRoomFeatureSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    [Fact]
    public async Task Should_hold_live_messages_behind_the_join_reply_when_an_earlier_reply_is_still_pending()
    {
        // Arrange: a PUBLISH whose room has not answered yet, then a ROOM.JOIN in the same read.
        var client = await ConnectionHarness.StartAsync(this, TestSettings.OneReadAtATime);
        var room = CreateTestProbe();
        await client.SwitchToResp3Async();
        client.Receive("PUBLISH other x\r\nROOM.JOIN px\r\n");
        var publish = await client.Rooms.ExpectMsgAsync<PublishBatch>();
        var join = await client.Rooms.ExpectMsgAsync<JoinRoomFeed>();

        // Act: the room answers the join and sends a live message before the PUBLISH is acknowledged.
        client.Connection.Tell(new RoomFeedJoined(join.RequestId, "px", 7, 41, ByteString.Empty), room.Ref);
        client.Connection.Tell(new RoomFeedDelivery("px", 7, ByteString.FromString("LIVE\r\n"), [], 0), room.Ref);
        await client.Tcp.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        client.Connection.Tell(new BatchPublished(publish.RequestId, 0), client.Rooms.Ref);

        // Assert: the reply order holds, and the live message comes after the join confirmation, an ordinary array reply.
        const string expected = ":0\r\n*5\r\n$10\r\nroomjoined\r\n$2\r\npx\r\n:7\r\n:41\r\n:1\r\nLIVE\r\n";
        Assert.Equal(expected, await client.ReadAsync(expected.Length));
    }

    [Fact]
    public async Task Should_join_the_successor_asking_for_a_reset_and_a_full_replay_when_the_room_of_a_feed_stops()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.Default);
        var room = CreateTestProbe();
        await client.SwitchToResp3Async();
        client.Receive("ROOM.JOIN px PRESENCE\r\n");
        var join = await client.Rooms.ExpectMsgAsync<JoinRoomFeed>();
        client.Connection.Tell(new RoomFeedJoined(join.RequestId, "px", 7, 0, ByteString.Empty), room.Ref);
        await client.NextWriteAsync();

        Sys.Stop(room.Ref);
        var rejoin = await client.Rooms.ExpectMsgAsync<JoinRoomFeed>();

        Assert.True(rejoin.AfterRoomLoss);
        Assert.Equal(new RoomJoinOptions(Snapshot: false, From: 1, Last: null, Presence: true), rejoin.Options);
        Assert.Equal("px", rejoin.Room);
    }

    [Fact]
    public async Task Should_refuse_room_join_and_stay_usable_when_the_connection_speaks_resp2()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.Default);

        client.Receive("ROOM.JOIN px SNAPSHOT\r\nPING\r\n");

        var expected = $"-{ActorRooms.Broker.Network.Replies.ErrorReplies.RoomJoinNeedsResp3}\r\n+PONG\r\n";
        Assert.Equal(expected, await client.ReadAsync(expected.Length));
        // Marker: a PUBLISH in the next read is the registry's next message, so the refused join asked it nothing.
        client.Receive("PUBLISH px x\r\n");
        await client.Rooms.ExpectMsgAsync<PublishBatch>();
    }
}

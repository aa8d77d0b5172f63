using System.Text;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Protocol.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Tests.Rooms.Delivery;

public sealed class FeedMembersSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    [Fact]
    public async Task Should_send_feed_members_roommsg_frames_and_presence_when_they_join_and_leave()
    {
        var members = new RoomMembers("px", TestActor);
        var watcher = CreateTestProbe();
        var quiet = CreateTestProbe();
        members.Feed.Set(watcher.Ref, Join(presence: true, clientId: 1));
        members.Feed.Set(quiet.Ref, Join(presence: false, clientId: 2));
        members.Feed.TellJoined(quiet.Ref);

        var joined = await watcher.ExpectMsgAsync<RoomFeedNotice>();
        Assert.Contains("roomjoin", Encoding.Latin1.GetString(joined.Frame.ToArray()));

        var entries = new[] { new RoomEntry(1, null, 5, "a"u8.ToArray()) };
        Assert.Equal(2, members.DeliverOrdered(TestPayloads.Of("a"), 9, entries));
        var delivery = await quiet.ExpectMsgAsync<RoomFeedDelivery>();
        Assert.Equal(9, delivery.Epoch);
        Assert.Same(entries, delivery.Entries);
        Assert.Same(delivery, await watcher.ExpectMsgAsync<RoomFeedDelivery>());

        Assert.True(members.Feed.Remove(quiet.Ref));
        var left = await watcher.ExpectMsgAsync<RoomFeedNotice>();
        Assert.Contains("roomleave", Encoding.Latin1.GetString(left.Frame.ToArray()));
    }

    [Fact]
    public async Task Should_tell_every_feed_member_a_reset_when_the_numbering_restarts()
    {
        var members = new RoomMembers("px", TestActor);
        var member = CreateTestProbe();
        members.Feed.Set(member.Ref, Join(presence: false, clientId: 1));

        members.Feed.TellReset(epoch: 9, lastSeq: 0);

        var reset = await member.ExpectMsgAsync<RoomFeedNotice>();
        Assert.Equal("*4\r\n$9\r\nroomreset\r\n$2\r\npx\r\n:9\r\n:0\r\n", Encoding.Latin1.GetString(reset.Frame.ToArray()));
    }

    [Fact]
    public async Task Should_not_tell_presence_to_members_that_did_not_ask_for_it()
    {
        var members = new RoomMembers("px", TestActor);
        var quiet = CreateTestProbe();
        var other = CreateTestProbe();
        members.Feed.Set(quiet.Ref, Join(presence: false, clientId: 1));
        members.Feed.Set(other.Ref, Join(presence: true, clientId: 2));

        members.Feed.TellJoined(other.Ref);

        quiet.Tell("marker");
        await quiet.ExpectMsgAsync("marker");
    }

    private static JoinRoomFeed Join(bool presence, long clientId) =>
        new(1, "px", RespProtocol.Resp2, RoomJoinOptions.LiveOnly with { Presence = presence }, clientId, null);
}

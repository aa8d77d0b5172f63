using System.Text;
using ActorRooms.Broker.Network.Feeds;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Rooms;
using Akka.IO;

namespace ActorRooms.Broker.Tests.Network.Feeds;

public sealed class RoomFeedsSpecs
{
    private readonly SessionHarness _harness = new();

    private RoomFeeds Feeds => _harness.Session.Feeds;

    [Fact]
    public void Should_hold_live_frames_behind_the_join_reply_until_the_room_answers()
    {
        Feeds.Join("px", Live());
        var join = _harness.Rooms.Last<JoinRoomFeed>();

        Assert.True(Feeds.Deliver(new RoomFeedDelivery("px", 3, Frames("LIVE\r\n"), [], 0), TimeSpan.Zero, out var limited));
        Assert.False(limited);
        Assert.Equal(string.Empty, _harness.TakeReplies());
        Feeds.Joined(new RoomFeedJoined(join.RequestId, "px", 3, 9, Frames("PRE\r\n")));

        Assert.Equal("*5\r\n$10\r\nroomjoined\r\n$2\r\npx\r\n:3\r\n:9\r\n:1\r\nPRE\r\nLIVE\r\n", _harness.TakeReplies());
    }

    [Fact]
    public void Should_queue_the_rooms_frames_as_they_are_when_the_feed_is_live()
    {
        Feeds.Join("px", Live());
        Feeds.Joined(new RoomFeedJoined(_harness.Rooms.Last<JoinRoomFeed>().RequestId, "px", 3, 0, ByteString.Empty));
        _harness.TakeReplies();

        Feeds.Deliver(new RoomFeedDelivery("px", 3, Frames("M\r\n"), [new RoomEntry(1, null, 0, "x"u8.ToArray())], 0), TimeSpan.Zero, out _);

        Assert.Equal(3, _harness.Session.Output.Queue.QueuedBytes);
        Assert.Equal(1, Feeds.StateOf("px")!.Delivered);
    }

    [Fact]
    public void Should_wait_for_the_room_and_forget_the_feed_when_leaving()
    {
        Feeds.Join("px", Live());
        var reply = new AwaitedReply(0, suppressed: false);

        Feeds.Leave("px", reply);

        Assert.Equal(1, reply.Outstanding);
        Assert.IsType<LeaveRoomFeed>(_harness.Rooms.Received.Last());
        Assert.False(Feeds.Contains("px"));
        Assert.False(Feeds.Deliver(new RoomFeedDelivery("px", 3, Frames("M\r\n"), [], 0), TimeSpan.Zero, out _));
    }

    [Fact]
    public void Should_ask_the_successor_for_a_reset_and_a_full_replay_when_the_room_stops()
    {
        Feeds.Join("px", new RoomJoinArguments(RoomJoinOptions.LiveOnly with { Presence = true }, RoomMemberPolicy.Disconnect, 0));
        _harness.Session.Router.Complete(_harness.Rooms.Last<JoinRoomFeed>().RequestId);

        Feeds.RoomStopped("px");

        var rejoin = _harness.Rooms.Last<JoinRoomFeed>();
        Assert.True(rejoin.AfterRoomLoss);
        Assert.Equal(new RoomJoinOptions(Snapshot: false, From: 1, Last: null, Presence: true), rejoin.Options);
    }

    private static RoomJoinArguments Live() => new(RoomJoinOptions.LiveOnly, RoomMemberPolicy.Disconnect, 0);

    private static ByteString Frames(string text) => ByteString.FromBytes(Encoding.Latin1.GetBytes(text));
}

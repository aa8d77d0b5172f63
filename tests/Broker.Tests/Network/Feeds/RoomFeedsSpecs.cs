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
    public void Should_hold_live_frames_behind_the_join_reply_until_it_is_written()
    {
        Feeds.Join("px", Live(), suppressed: false);
        var join = _harness.Rooms.Last<JoinRoomFeed>();
        Feeds.Joined(new RoomFeedJoined(join.RequestId, "px", 3, 9, Frames("PRE\r\n")));

        Assert.True(Feeds.Deliver(new RoomFeedDelivery("px", 3, Frames("LIVE\r\n"), [], 0), TimeSpan.Zero, out var limited));

        Assert.False(limited);
        Assert.Equal("*5\r\n$10\r\nroomjoined\r\n$2\r\npx\r\n:3\r\n:9\r\n:1\r\nPRE\r\nLIVE\r\n", _harness.TakeReplies());
    }

    [Fact]
    public void Should_ignore_batches_ordered_before_the_room_answered_the_join()
    {
        // Batches the room sent before it took this join (another feed of the room here, or a re-join) are covered
        // by the preamble: delivering them too would repeat them before it.
        Feeds.Join("px", Live(), suppressed: false);
        var join = _harness.Rooms.Last<JoinRoomFeed>();

        Feeds.Deliver(new RoomFeedDelivery("px", 3, Frames("OLD\r\n"), [], 0), TimeSpan.Zero, out _);
        Feeds.Joined(new RoomFeedJoined(join.RequestId, "px", 3, 9, Frames("PRE\r\n")));

        Assert.Equal("*5\r\n$10\r\nroomjoined\r\n$2\r\npx\r\n:3\r\n:9\r\n:1\r\nPRE\r\n", _harness.TakeReplies());
    }

    [Fact]
    public void Should_queue_the_rooms_frames_as_they_are_when_the_feed_is_live()
    {
        Feeds.Join("px", Live(), suppressed: false);
        Feeds.Joined(new RoomFeedJoined(_harness.Rooms.Last<JoinRoomFeed>().RequestId, "px", 3, 0, ByteString.Empty));
        _harness.TakeReplies();

        Feeds.Deliver(new RoomFeedDelivery("px", 3, Frames("M\r\n"), [new RoomEntry(1, null, 0, "x"u8.ToArray())], 0), TimeSpan.Zero, out _);

        Assert.Equal(3, _harness.Session.Output.Queue.QueuedBytes);
        Assert.Equal(1, Feeds.StateOf("px")!.Delivered);
    }

    [Fact]
    public void Should_wait_for_the_room_and_forget_the_feed_when_leaving()
    {
        Feeds.Join("px", Live(), suppressed: false);
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
        Feeds.Join("px", new RoomJoinArguments(RoomJoinOptions.LiveOnly with { Presence = true }, RoomMemberPolicy.Disconnect, 0), suppressed: false);
        _harness.Session.Router.Complete(_harness.Rooms.Last<JoinRoomFeed>().RequestId);

        Feeds.RoomStopped("px");

        var rejoin = _harness.Rooms.Last<JoinRoomFeed>();
        Assert.True(rejoin.AfterRoomLoss);
        Assert.Equal(new RoomJoinOptions(Snapshot: false, From: 1, Last: null, Presence: true), rejoin.Options);
    }

    [Fact]
    public void Should_confirm_a_feed_channel_then_write_joined_preamble_and_live_as_envelopes_on_that_channel()
    {
        var channel = FeedChannel.Parse("room:px?snapshot"u8, out _)!;
        Feeds.JoinChannel(channel);
        var join = _harness.Rooms.Last<JoinRoomFeed>();
        Assert.True(join.Structured);
        Assert.True(join.Options.Snapshot);

        var parts = new FeedPreambleParts(3, 9, false, null, null, [new RoomEntry(7, "K", 5, "v"u8.ToArray())], Snapshot: true);
        Feeds.Joined(new RoomFeedJoined(join.RequestId, "px", 3, 9, ByteString.Empty, parts));
        Feeds.Deliver(new RoomFeedDelivery("px", 3, Frames("ROOMMSG\r\n"), [new RoomEntry(10, null, 6, "w"u8.ToArray())], 0), TimeSpan.Zero, out _);

        Assert.Equal(
            Message("room:px?snapshot", "{\"type\":\"joined\",\"room\":\"px\",\"epoch\":3,\"seq\":9}")
            .Insert(0, "*3\r\n$9\r\nsubscribe\r\n$16\r\nroom:px?snapshot\r\n:1\r\n")
            + Message("room:px?snapshot", "{\"type\":\"msg\",\"room\":\"px\",\"epoch\":3,\"seq\":7,\"key\":\"K\",\"time\":5,\"payload\":\"v\"}")
            + Message("room:px?snapshot", "{\"type\":\"snapshot\",\"room\":\"px\",\"epoch\":3,\"seq\":9,\"keys\":1}")
            + Message("room:px?snapshot", "{\"type\":\"msg\",\"room\":\"px\",\"epoch\":3,\"seq\":10,\"key\":null,\"time\":6,\"payload\":\"w\"}"),
            _harness.TakeReplies());
    }

    [Fact]
    public void Should_leave_the_room_only_with_the_last_feed_of_it_on_the_connection()
    {
        Feeds.JoinChannel(FeedChannel.Parse("room:px"u8, out _)!);
        Feeds.JoinChannel(FeedChannel.Parse("room:px?policy=conflate"u8, out _)!);
        Assert.Equal(2, _harness.Rooms.Received.OfType<JoinRoomFeed>().Count());

        var first = new AwaitedReply(0, suppressed: false);
        Feeds.LeaveChannel("room:px", first);
        Assert.Equal(0, first.Outstanding);
        Assert.True(Feeds.Contains("px"));

        var last = new AwaitedReply(0, suppressed: false);
        Feeds.LeaveChannel("room:px?policy=conflate", last);
        Assert.Equal(1, last.Outstanding);
        Assert.IsType<LeaveRoomFeed>(_harness.Rooms.Received.Last());
        Assert.False(Feeds.Contains("px"));
    }

    private static string Message(string channel, string json) =>
        $"*3\r\n$7\r\nmessage\r\n${channel.Length}\r\n{channel}\r\n${Encoding.UTF8.GetByteCount(json)}\r\n{json}\r\n";

    private static RoomJoinArguments Live() => new(RoomJoinOptions.LiveOnly, RoomMemberPolicy.Disconnect, 0);

    private static ByteString Frames(string text) => ByteString.FromBytes(Encoding.Latin1.GetBytes(text));
}

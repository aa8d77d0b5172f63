using System.Text;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Stats;
using ActorRooms.Protocol.Resp;
using Akka.Actor;
using Akka.TestKit;

namespace ActorRooms.Broker.Tests.Cluster;

/// <summary>A node-local room in cluster mode, with a probe standing in for the owners' shard region (and for the owner itself).</summary>
public sealed class RoomActorClusterModeSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    private static readonly TimeSpan LongIdle = TimeSpan.FromMinutes(5);
    private readonly BrokerCounters _counters = new();

    [Fact]
    public async Task Should_send_a_publish_to_the_owner_and_answer_only_when_the_owner_has_it()
    {
        var (room, owners) = StartRoom("px", TimeSpan.FromMinutes(1));
        var member = CreateTestProbe();
        await JoinAsync(room, member, "px", owners);

        room.Tell(Batch(7, "px", "1.10", "1.11"), TestActor);

        var toOwner = await owners.ExpectMsgAsync<BatchToOrder>();
        Assert.Equal("px", toOwner.Room);
        Assert.Equal(["1.10", "1.11"], PackedPayloads.Unpack(toOwner.Payloads).Payloads.Select(p => Encoding.Latin1.GetString(p.Span)));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        await member.ExpectNoMsgAsync(TimeSpan.Zero);

        room.Tell(new OwnerAck(toOwner.Ticket), owners.Ref);

        Assert.Equal(new BatchPublished(7, 1), await ExpectMsgAsync<BatchPublished>());
    }

    [Fact]
    public async Task Should_fan_out_ordered_batches_to_channel_members_and_pattern_copies_to_pattern_members()
    {
        var (room, owners) = StartRoom("px.eur", TimeSpan.FromMinutes(1));
        var channelMember = CreateTestProbe();
        var patternMember = CreateTestProbe();
        await JoinAsync(room, channelMember, "px.eur", owners, epoch: 7);
        room.Tell(new AddPatternMember(3, "px.*", patternMember.Ref, RespProtocol.Resp2));
        await patternMember.ExpectMsgAsync<PatternMembershipConfirmed>();

        room.Tell(new OrderedBatch("px.eur", PackedPayloads.Pack([Encoding.ASCII.GetBytes("a")]), ForPatterns: false, Epoch: 7, FirstSeq: 1, TimeMs: 1));
        room.Tell(new OrderedBatch("px.eur", PackedPayloads.Pack([Encoding.ASCII.GetBytes("b")]), ForPatterns: true, Epoch: 7, FirstSeq: 1, TimeMs: 1));

        Assert.Equal("*3\r\n$7\r\nmessage\r\n$6\r\npx.eur\r\n$1\r\na\r\n", Encoding.Latin1.GetString((await channelMember.ExpectMsgAsync<RoomDelivery>()).Frames.ToArray()));
        Assert.Equal("*4\r\n$8\r\npmessage\r\n$4\r\npx.*\r\n$6\r\npx.eur\r\n$1\r\nb\r\n", Encoding.Latin1.GetString((await patternMember.ExpectMsgAsync<PatternDelivery>()).Frames.ToArray()));
        await channelMember.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        await patternMember.ExpectNoMsgAsync(TimeSpan.Zero);
        Assert.Equal(2, _counters.MessagesDelivered);
    }

    [Fact]
    public async Task Should_confirm_the_first_member_only_once_the_owner_has_registered_the_room()
    {
        var (room, owners) = StartRoom("chat", TimeSpan.FromMinutes(1));
        var first = CreateTestProbe();

        room.Tell(new JoinRoom(100, "chat", RespProtocol.Resp2), first.Ref);
        var follow = await owners.ExpectMsgAsync<FollowRoom>();
        Assert.Equal(new FollowRoom("chat", 0, 1), follow);
        await first.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));

        room.Tell(Followed("chat", 5, 0), owners.Ref);

        await first.ExpectMsgAsync<RoomJoined>();
    }

    [Fact]
    public async Task Should_deliver_every_batch_ordered_after_the_registration_to_a_member_confirmed_by_it()
    {
        var (room, owners) = StartRoom("px", TimeSpan.FromMinutes(1));
        var member = CreateTestProbe();
        room.Tell(new JoinRoom(100, "px", RespProtocol.Resp2), member.Ref);
        await owners.ExpectMsgAsync<FollowRoom>();

        // The owner answers and sends its next batch right behind the answer, as remoting keeps one sender's order.
        room.Tell(Followed("px", 5, 3), owners.Ref);
        room.Tell(Ordered(5, 4, "next"), owners.Ref);

        await member.ExpectMsgAsync<RoomJoined>();
        var delivery = await member.ExpectMsgAsync<RoomDelivery>();
        Assert.Equal("*3\r\n$7\r\nmessage\r\n$2\r\npx\r\n$4\r\nnext\r\n", Encoding.Latin1.GetString(delivery.Frames.ToArray()));
    }

    [Fact]
    public async Task Should_register_once_confirm_later_members_at_once_and_unregister_when_it_stops()
    {
        var (room, owners) = StartRoom("chat", TimeSpan.FromMinutes(1));
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        await JoinAsync(room, first, "chat", owners);

        room.Tell(new JoinRoom(101, "chat", RespProtocol.Resp2), second.Ref);
        await second.ExpectMsgAsync<RoomJoined>();
        room.Tell(new LeaveRoom(1, "chat"), first.Ref);
        await first.ExpectMsgAsync<RoomLeft>();
        room.Tell(new LeaveRoom(2, "chat"), second.Ref);
        await second.ExpectMsgAsync<RoomLeft>();
        // Members gone, room still there: it keeps following, so its numbering never skips unseen messages.
        await JoinAsync(room, first, "chat", owners: null);
        await WatchAsync(room);
        Sys.Stop(room);
        await ExpectTerminatedAsync(room);

        Assert.Equal(new UnfollowRoom("chat"), await owners.ExpectMsgAsync<UnfollowRoom>());
        await owners.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Should_register_again_when_the_owner_stops_and_tell_members_of_the_new_epoch_and_what_they_missed()
    {
        var (room, owners) = StartRoom("px", TimeSpan.FromMinutes(1));
        var oldOwner = CreateTestProbe();
        var plain = CreateTestProbe();
        var feed = CreateTestProbe();
        room.Tell(new JoinRoom(100, "px", RespProtocol.Resp2), plain.Ref);
        await owners.ExpectMsgAsync<FollowRoom>();
        room.Tell(Followed("px", 7, 2), oldOwner.Ref);
        await plain.ExpectMsgAsync<RoomJoined>();
        room.Tell(new JoinRoomFeed(1, "px", RespProtocol.Resp2, RoomJoinOptions.LiveOnly, 9, "reader"), feed.Ref);
        await feed.ExpectMsgAsync<RoomFeedJoined>();

        Sys.Stop(oldOwner.Ref);

        // The room asks the shard region for the owner's successor, which has a new epoch and has ordered 1 and 2.
        Assert.Equal(new FollowRoom("px", 7, 3), await owners.ExpectMsgAsync<FollowRoom>());
        room.Tell(new RoomFollowed("px", 8, 2, RoomEntryList.Pack([Entry(1, null, "a"), Entry(2, null, "b")]), RoomEntryList.Pack([])), owners.Ref);

        var reset = await feed.ExpectMsgAsync<RoomFeedNotice>();
        Assert.Equal("*4\r\n$9\r\nroomreset\r\n$2\r\npx\r\n:8\r\n:0\r\n", Encoding.Latin1.GetString(reset.Frame.ToArray()));
        var missed = await feed.ExpectMsgAsync<RoomFeedDelivery>();
        Assert.Equal(8, missed.Epoch);
        Assert.Equal([1L, 2L], missed.Entries.Select(e => e.Seq));
        var plainMissed = await plain.ExpectMsgAsync<RoomDelivery>();
        Assert.Equal(2, plainMissed.Messages);
    }

    [Fact]
    public async Task Should_register_again_when_the_owner_says_it_restarted()
    {
        var (room, owners) = StartRoom("px", TimeSpan.FromMinutes(1));
        await JoinAsync(room, CreateTestProbe(), "px", owners);

        room.Tell(new FollowAgain("px"), owners.Ref);

        Assert.Equal(new FollowRoom("px", 5, 1), await owners.ExpectMsgAsync<FollowRoom>());
    }

    [Fact]
    public async Task Should_confirm_waiting_members_and_ask_again_when_the_owner_does_not_answer_in_time()
    {
        var (room, owners) = StartRoom("px", TimeSpan.FromMilliseconds(300));
        var member = CreateTestProbe();

        room.Tell(new JoinRoom(100, "px", RespProtocol.Resp2), member.Ref);
        await owners.ExpectMsgAsync<FollowRoom>();

        await member.ExpectMsgAsync<RoomJoined>(TimeSpan.FromSeconds(5));
        await owners.ExpectMsgAsync<FollowRoom>(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Should_answer_the_publisher_and_count_it_when_the_owner_does_not_acknowledge_in_time()
    {
        var (room, owners) = StartRoom("px", TimeSpan.FromMilliseconds(300));

        room.Tell(Batch(9, "px", "lost"), TestActor);
        await owners.ExpectMsgAsync<BatchToOrder>();

        Assert.Equal(new BatchPublished(9, 0), await ExpectMsgAsync<BatchPublished>(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, _counters.ClusterBatchesUnconfirmed);
    }

    [Fact]
    public async Task Should_answer_earlier_batches_as_lost_when_the_owner_acknowledges_a_later_one()
    {
        var (room, owners) = StartRoom("px", TimeSpan.FromMinutes(1));
        room.Tell(Batch(1, "px", "first"), TestActor);
        room.Tell(Batch(2, "px", "second"), TestActor);
        await owners.ExpectMsgAsync<BatchToOrder>();
        var second = await owners.ExpectMsgAsync<BatchToOrder>();

        room.Tell(new OwnerAck(second.Ticket), owners.Ref);

        Assert.Equal(1, (await ExpectMsgAsync<BatchPublished>()).RequestId);
        Assert.Equal(2, (await ExpectMsgAsync<BatchPublished>()).RequestId);
        Assert.Equal(1, _counters.ClusterBatchesUnconfirmed);
    }

    [Fact]
    public async Task Should_answer_every_waiting_publisher_at_once_when_a_node_leaves_the_cluster()
    {
        var (room, owners) = StartRoom("px", TimeSpan.FromMinutes(1));
        room.Tell(Batch(5, "px", "in flight"), TestActor);
        await owners.ExpectMsgAsync<BatchToOrder>();

        room.Tell(OwnerNodeLost.Instance);

        Assert.Equal(new BatchPublished(5, 0), await ExpectMsgAsync<BatchPublished>(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Should_hold_a_room_join_until_the_owners_ledger_arrives_and_then_number_as_the_owner_does()
    {
        var (room, owners) = StartRoom("px", TimeSpan.FromMinutes(1));
        var member = CreateTestProbe();

        room.Tell(new JoinRoomFeed(1, "px", RespProtocol.Resp2, RoomJoinOptions.LiveOnly with { Snapshot = true }, 9, "reader"), member.Ref);
        await owners.ExpectMsgAsync<FollowRoom>();
        await member.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        room.Tell(new RoomFollowed("px", 77, 12, RoomEntryList.Pack([Entry(12, "EUR", "1.08")]), RoomEntryList.Pack([Entry(12, "EUR", "1.08")])), owners.Ref);
        var joined = await member.ExpectMsgAsync<RoomFeedJoined>();
        room.Tell(Ordered(77, 13, "1.09"));

        Assert.Equal((77L, 12L), (joined.Epoch, joined.LastSeq));
        Assert.Contains("1.08", Encoding.Latin1.GetString(joined.Preamble.ToArray()), StringComparison.Ordinal);
        var live = await member.ExpectMsgAsync<RoomFeedDelivery>();
        Assert.Equal([13L], live.Entries.Select(e => e.Seq));
        Assert.Equal(77, live.Epoch);
    }

    [Fact]
    public async Task Should_fill_a_gap_from_the_owners_history_before_delivering_what_came_after_it()
    {
        var (room, owners) = StartRoom("px", TimeSpan.FromMinutes(1));
        var member = CreateTestProbe();
        room.Tell(new JoinRoomFeed(1, "px", RespProtocol.Resp2, RoomJoinOptions.LiveOnly, 9, "reader"), member.Ref);
        await owners.ExpectMsgAsync<FollowRoom>();
        room.Tell(new RoomFollowed("px", 77, 2, RoomEntryList.Pack([Entry(1, null, "a"), Entry(2, null, "b")]), RoomEntryList.Pack([])), owners.Ref);
        await member.ExpectMsgAsync<RoomFeedJoined>();

        // Seqs 3 and 4 never reached this node (which point-to-point delivery rules out while both nodes are up, but
        // the room does not rely on it); 5 did. The room asks only for what follows its copy.
        room.Tell(Ordered(77, 5, "e"));
        Assert.Equal(new FollowRoom("px", 77, 3), await owners.ExpectMsgAsync<FollowRoom>());
        await member.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        room.Tell(new RoomFollowed("px", 77, 5, RoomEntryList.Pack([Entry(3, null, "c"), Entry(4, null, "d"), Entry(5, null, "e")]), RoomEntryList.Pack([])), owners.Ref);

        // The owner's history already holds 5 as well: 3, 4 and 5 arrive together, and the held copy of 5 is not sent again.
        var repaired = await member.ExpectMsgAsync<RoomFeedDelivery>();
        Assert.Equal([3L, 4L, 5L], repaired.Entries.Select(e => e.Seq));
        Assert.Equal(["c", "d", "e"], repaired.Entries.Select(e => Encoding.Latin1.GetString(e.Payload.Span)));
        await member.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        room.Tell(Ordered(77, 6, "f"));
        Assert.Equal([6L], (await member.ExpectMsgAsync<RoomFeedDelivery>()).Entries.Select(e => e.Seq));
    }

    private static RoomEntry Entry(long seq, string? key, string payload) => new(seq, key, 1, Encoding.Latin1.GetBytes(payload));

    private static OrderedBatch Ordered(long epoch, long firstSeq, params string[] payloads) =>
        new("px", PackedPayloads.Pack(payloads.Select(p => (ReadOnlyMemory<byte>)Encoding.Latin1.GetBytes(p)).ToList()), ForPatterns: false, epoch, firstSeq, 1);

    private static RoomFollowed Followed(string room, long epoch, long lastSeq) => new(room, epoch, lastSeq, RoomEntryList.Pack([]), RoomEntryList.Pack([]));

    private (IActorRef Room, TestProbe Owners) StartRoom(string name, TimeSpan ownerAckTimeout)
    {
        var owners = CreateTestProbe();
        var parent = CreateTestProbe();
        var room = parent.ChildActorOf(RoomActor.Props(name, LongIdle, [], _counters, cluster: new RoomClusterLink(owners.Ref, CreateTestProbe().Ref, ownerAckTimeout)));
        return (room, owners);
    }

    // Joins as a channel member; when the room is not following yet, plays the owner's part of the registration.
    private static async Task JoinAsync(IActorRef room, TestProbe member, string name, TestProbe? owners, long epoch = 5)
    {
        room.Tell(new JoinRoom(100, name, RespProtocol.Resp2), member.Ref);
        if (owners is not null)
        {
            var follow = await owners.ExpectMsgAsync<FollowRoom>();
            room.Tell(Followed(follow.Room, epoch, 0), owners.Ref);
        }

        await member.ExpectMsgAsync<RoomJoined>();
    }

    private static PublishBatch Batch(long id, string room, params string[] payloads) =>
        new(id, room, payloads.Select(p => (ReadOnlyMemory<byte>)Encoding.Latin1.GetBytes(p)).ToList());
}

using System.Text;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Stats;
using ActorRooms.Messages.Resp;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit;

namespace ActorRooms.Broker.Tests.Cluster;

/// <summary>A node-local room in cluster mode, with probes standing in for the owners' shard region and the pub/sub mediator.</summary>
public sealed class RoomActorClusterModeSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    private static readonly TimeSpan LongIdle = TimeSpan.FromMinutes(5);
    private readonly BrokerCounters _counters = new();

    [Fact]
    public async Task Should_send_a_publish_to_the_owner_and_answer_only_when_the_owner_has_it()
    {
        var (room, owners, _) = StartRoom("px", TimeSpan.FromMinutes(1));
        var member = CreateTestProbe();
        await JoinAsync(room, member, "px");

        room.Tell(Batch(7, "px", "1.10", "1.11"), TestActor);

        // The member's arrival made the room follow its topic and ask the owner for its ledger.
        var mirrorRequest = await owners.ExpectMsgAsync<MirrorRequest>();
        Assert.Equal(("px", 1L), (mirrorRequest.Room, mirrorRequest.FromSeq));
        var toOwner = await owners.ExpectMsgAsync<OwnerBatch>();
        Assert.Equal("px", toOwner.Room);
        Assert.Equal(["1.10", "1.11"], PayloadBatch.Unpack(toOwner.Payloads).Payloads.Select(p => Encoding.Latin1.GetString(p.Span)));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        await member.ExpectNoMsgAsync(TimeSpan.Zero);

        room.Tell(new OwnerAck(toOwner.Ticket), owners.Ref);

        Assert.Equal(new BatchPublished(7, 1), await ExpectMsgAsync<BatchPublished>());
    }

    [Fact]
    public async Task Should_fan_out_ordered_batches_to_channel_members_and_pattern_copies_to_pattern_members()
    {
        var (room, _, _) = StartRoom("px.eur", TimeSpan.FromMinutes(1));
        var channelMember = CreateTestProbe();
        var patternMember = CreateTestProbe();
        await JoinAsync(room, channelMember, "px.eur");
        room.Tell(new AddPatternMember(3, "px.*", patternMember.Ref, RespProtocol.Resp2));
        await patternMember.ExpectMsgAsync<PatternMembershipConfirmed>();

        room.Tell(new OrderedBatch("px.eur", PayloadBatch.Pack([Encoding.ASCII.GetBytes("a")]), ForPatterns: false, Epoch: 7, FirstSeq: 1, TimeMs: 1));
        room.Tell(new OrderedBatch("px.eur", PayloadBatch.Pack([Encoding.ASCII.GetBytes("b")]), ForPatterns: true, Epoch: 7, FirstSeq: 1, TimeMs: 1));

        Assert.Equal("*3\r\n$7\r\nmessage\r\n$6\r\npx.eur\r\n$1\r\na\r\n", Encoding.Latin1.GetString((await channelMember.ExpectMsgAsync<RoomDelivery>()).Frames.ToArray()));
        Assert.Equal("*4\r\n$8\r\npmessage\r\n$4\r\npx.*\r\n$6\r\npx.eur\r\n$1\r\nb\r\n", Encoding.Latin1.GetString((await patternMember.ExpectMsgAsync<PatternDelivery>()).Frames.ToArray()));
        await channelMember.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        await patternMember.ExpectNoMsgAsync(TimeSpan.Zero);
        Assert.Equal(2, _counters.MessagesDelivered);
    }

    [Fact]
    public async Task Should_follow_the_room_topic_from_its_first_member_until_it_stops()
    {
        var (room, _, mediator) = StartRoom("chat", TimeSpan.FromMinutes(1));
        var first = CreateTestProbe();
        var second = CreateTestProbe();

        await JoinAsync(room, first, "chat");
        var subscribe = await mediator.ExpectMsgAsync<Subscribe>();
        await JoinAsync(room, second, "chat");
        room.Tell(new LeaveRoom(1, "chat"), first.Ref);
        await first.ExpectMsgAsync<RoomLeft>();
        room.Tell(new LeaveRoom(2, "chat"), second.Ref);
        await second.ExpectMsgAsync<RoomLeft>();
        // Members gone, room still there: it keeps following, so its numbering never skips unseen messages.
        await mediator.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        await JoinAsync(room, first, "chat");
        await mediator.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        await WatchAsync(room);
        Sys.Stop(room);
        await ExpectTerminatedAsync(room);
        var unsubscribe = await mediator.ExpectMsgAsync<Unsubscribe>();

        Assert.Equal("room:chat", subscribe.Topic);
        Assert.Equal(room, subscribe.Ref);
        Assert.Equal("room:chat", unsubscribe.Topic);
    }

    [Fact]
    public async Task Should_answer_the_publisher_and_count_it_when_the_owner_does_not_acknowledge_in_time()
    {
        var (room, owners, _) = StartRoom("px", TimeSpan.FromMilliseconds(300));

        room.Tell(Batch(9, "px", "lost"), TestActor);
        await owners.ExpectMsgAsync<OwnerBatch>();

        Assert.Equal(new BatchPublished(9, 0), await ExpectMsgAsync<BatchPublished>(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, _counters.ClusterBatchesUnconfirmed);
    }

    [Fact]
    public async Task Should_answer_earlier_batches_as_lost_when_the_owner_acknowledges_a_later_one()
    {
        var (room, owners, _) = StartRoom("px", TimeSpan.FromMinutes(1));
        room.Tell(Batch(1, "px", "first"), TestActor);
        room.Tell(Batch(2, "px", "second"), TestActor);
        await owners.ExpectMsgAsync<OwnerBatch>();
        var second = await owners.ExpectMsgAsync<OwnerBatch>();

        room.Tell(new OwnerAck(second.Ticket), owners.Ref);

        Assert.Equal(1, (await ExpectMsgAsync<BatchPublished>()).RequestId);
        Assert.Equal(2, (await ExpectMsgAsync<BatchPublished>()).RequestId);
        Assert.Equal(1, _counters.ClusterBatchesUnconfirmed);
    }

    [Fact]
    public async Task Should_answer_every_waiting_publisher_at_once_when_a_node_leaves_the_cluster()
    {
        var (room, owners, _) = StartRoom("px", TimeSpan.FromMinutes(1));
        room.Tell(Batch(5, "px", "in flight"), TestActor);
        await owners.ExpectMsgAsync<OwnerBatch>();

        room.Tell(OwnerNodeLost.Instance);

        Assert.Equal(new BatchPublished(5, 0), await ExpectMsgAsync<BatchPublished>(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Should_hold_a_room_join_until_the_owners_ledger_arrives_and_then_number_as_the_owner_does()
    {
        var (room, owners, _) = StartRoom("px", TimeSpan.FromMinutes(1));
        var member = CreateTestProbe();

        room.Tell(new JoinRoomFeed(1, "px", RespProtocol.Resp2, RoomJoinOptions.LiveOnly with { Snapshot = true }, 9, "reader"), member.Ref);
        await owners.ExpectMsgAsync<MirrorRequest>();
        await member.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        room.Tell(new MirrorState("px", 77, 12, RoomEntryList.Pack([Entry(12, "EUR", "1.08")]), RoomEntryList.Pack([Entry(12, "EUR", "1.08")])), owners.Ref);
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
        var (room, owners, _) = StartRoom("px", TimeSpan.FromMinutes(1));
        var member = CreateTestProbe();
        room.Tell(new JoinRoomFeed(1, "px", RespProtocol.Resp2, RoomJoinOptions.LiveOnly, 9, "reader"), member.Ref);
        await owners.ExpectMsgAsync<MirrorRequest>();
        room.Tell(new MirrorState("px", 77, 2, RoomEntryList.Pack([Entry(1, null, "a"), Entry(2, null, "b")]), RoomEntryList.Pack([])), owners.Ref);
        await member.ExpectMsgAsync<RoomFeedJoined>();

        // Seqs 3 and 4 never reached this node; 5 did. The room asks only for what follows its copy.
        room.Tell(Ordered(77, 5, "e"));
        Assert.Equal(new MirrorRequest("px", 77, 3), await owners.ExpectMsgAsync<MirrorRequest>());
        await member.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        room.Tell(new MirrorState("px", 77, 5, RoomEntryList.Pack([Entry(3, null, "c"), Entry(4, null, "d"), Entry(5, null, "e")]), RoomEntryList.Pack([])), owners.Ref);

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
        new("px", PayloadBatch.Pack(payloads.Select(p => (ReadOnlyMemory<byte>)Encoding.Latin1.GetBytes(p)).ToList()), ForPatterns: false, epoch, firstSeq, 1);

    private (IActorRef Room, TestProbe Owners, TestProbe Mediator) StartRoom(string name, TimeSpan ownerAckTimeout)
    {
        var owners = CreateTestProbe();
        var mediator = CreateTestProbe();
        var parent = CreateTestProbe();
        var room = parent.ChildActorOf(RoomActor.Props(name, LongIdle, [], _counters, cluster: new RoomClusterLink(owners.Ref, mediator.Ref, ownerAckTimeout)));
        return (room, owners, mediator);
    }

    private static async Task JoinAsync(IActorRef room, TestProbe member, string name)
    {
        room.Tell(new JoinRoom(100, name, RespProtocol.Resp2), member.Ref);
        await member.ExpectMsgAsync<RoomJoined>();
    }

    private static PublishBatch Batch(long id, string room, params string[] payloads) =>
        new(id, room, payloads.Select(p => (ReadOnlyMemory<byte>)Encoding.Latin1.GetBytes(p)).ToList());
}

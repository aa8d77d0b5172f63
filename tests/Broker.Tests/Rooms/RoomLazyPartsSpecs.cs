using System.Text;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Stats;
using ActorRooms.Protocol.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Tests.Rooms;

/// <summary>
/// A room makes its ledger, ROOM.JOIN members, last values and frame heads when they are first needed (issue 20):
/// these specs pin that what a room answers is the same as when it kept them all from its start.
/// </summary>
public sealed class RoomLazyPartsSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    private static readonly TimeSpan LongIdle = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Should_replay_plain_publishes_and_then_feed_both_kinds_of_member_when_the_first_room_join_follows_plain_traffic()
    {
        var room = StartRoom("px");
        var plain = CreateTestProbe();
        room.Tell(new JoinRoom(1, "px", RespProtocol.Resp2), plain.Ref);
        await plain.ExpectMsgAsync<RoomJoined>();
        room.Tell(Batch(2, "a", "b"), TestActor);
        room.Tell(Batch(3, "c"), TestActor);
        Assert.Equal(new BatchPublished(2, 1), await ExpectMsgAsync<BatchPublished>());
        Assert.Equal(new BatchPublished(3, 1), await ExpectMsgAsync<BatchPublished>());
        await plain.ExpectMsgAsync<RoomDelivery>();
        await plain.ExpectMsgAsync<RoomDelivery>();
        var feed = CreateTestProbe();

        room.Tell(new JoinRoomFeed(4, "px", RespProtocol.Resp2, new RoomJoinOptions(false, null, Last: 2, false), 7, null), feed.Ref);
        var joined = await feed.ExpectMsgAsync<RoomFeedJoined>();
        room.Tell(Batch(5, "d"), TestActor);

        Assert.Equal(3, joined.LastSeq);
        var preamble = Encoding.Latin1.GetString(joined.Preamble.ToArray());
        Assert.Contains(":2\r\n", preamble, StringComparison.Ordinal);
        Assert.Contains("$1\r\nb\r\n", preamble, StringComparison.Ordinal);
        Assert.Contains("$1\r\nc\r\n", preamble, StringComparison.Ordinal);
        Assert.DoesNotContain("$1\r\na\r\n", preamble, StringComparison.Ordinal);
        Assert.Equal(new BatchPublished(5, 2), await ExpectMsgAsync<BatchPublished>());
        Assert.Equal("*3\r\n$7\r\nmessage\r\n$2\r\npx\r\n$1\r\nd\r\n", Encoding.Latin1.GetString((await plain.ExpectMsgAsync<RoomDelivery>()).Frames.ToArray()));
        Assert.Equal([4L], (await feed.ExpectMsgAsync<RoomFeedDelivery>()).Entries.Select(e => e.Seq));
    }

    [Fact]
    public async Task Should_answer_no_last_values_until_the_first_keyed_publish_and_then_the_newest_per_key()
    {
        var room = StartRoom("px");
        room.Tell(new QueryRoomLast(1, "px", null), TestActor);
        var before = await ExpectMsgAsync<RoomLastAnswered>();
        room.Tell(Batch(2, "plain"), TestActor);
        await ExpectMsgAsync<BatchPublished>();
        room.Tell(new PublishBatch(3, "px", [Bytes("a1"), Bytes("m1"), Bytes("a2")], ["AAPL", "MSFT", "AAPL"]), TestActor);
        await ExpectMsgAsync<BatchPublished>();

        room.Tell(new QueryRoomLast(4, "px", null), TestActor);
        var after = await ExpectMsgAsync<RoomLastAnswered>();
        room.Tell(new QueryRoomLast(5, "px", "AAPL"), TestActor);
        var one = await ExpectMsgAsync<RoomLastAnswered>();

        Assert.Empty(before.Values);
        Assert.Equal(0, before.LastSeq);
        Assert.Equal(before.Epoch, after.Epoch);
        Assert.Equal(4, after.LastSeq);
        Assert.Equal([(3L, "MSFT", "m1"), (4L, "AAPL", "a2")], after.Values.Select(v => (v.Seq, v.Key!, Encoding.Latin1.GetString(v.Payload.Span))));
        Assert.Equal([4L], one.Values.Select(v => v.Seq));
    }

    [Fact]
    public async Task Should_report_every_publish_since_the_start_in_the_first_room_info()
    {
        var room = StartRoom("px");
        var member = CreateTestProbe();
        room.Tell(new JoinRoom(1, "px", RespProtocol.Resp2), member.Ref);
        await member.ExpectMsgAsync<RoomJoined>();
        room.Tell(Batch(2, "a", "b", "c"), TestActor);
        room.Tell(Batch(3, "d"), TestActor);
        await ExpectMsgAsync<BatchPublished>();
        await ExpectMsgAsync<BatchPublished>();
        await member.ExpectMsgAsync<RoomDelivery>();
        await member.ExpectMsgAsync<RoomDelivery>();

        room.Tell(new QueryRoomInfo(4, "px"), TestActor);
        var describe = await member.ExpectMsgAsync<DescribeRoomMember>();
        member.Reply(new RoomMemberDescribed(describe.QueryId, new RoomMemberState(11, null, Subscribed: true, Feed: null, QueuedBytes: 0)));
        var info = (await ExpectMsgAsync<RoomInfoAnswered>()).Info;

        Assert.Equal(4, info.Telemetry.MessagesIn);
        Assert.Equal(4, info.Telemetry.MessagesOut);
        Assert.Equal(4, info.Telemetry.HistoryMessages);
        Assert.Equal(1, info.Telemetry.LastFanOut);
        Assert.Equal(4, info.LastSeq);
        Assert.Equal(1, info.OldestSeq);
        Assert.Equal(1, info.ChannelMembers);
        Assert.Equal(0, info.FeedMembers);
    }

    [Fact]
    public async Task Should_keep_one_epoch_from_the_first_question_on_when_the_ledger_is_made_late()
    {
        var room = StartRoom("px");
        var first = CreateTestProbe();
        var second = CreateTestProbe();

        room.Tell(new JoinRoomFeed(1, "px", RespProtocol.Resp2, RoomJoinOptions.LiveOnly, 7, null), first.Ref);
        var a = await first.ExpectMsgAsync<RoomFeedJoined>();
        room.Tell(Batch(2, "x"), TestActor);
        await ExpectMsgAsync<BatchPublished>();
        room.Tell(new JoinRoomFeed(3, "px", RespProtocol.Resp2, RoomJoinOptions.LiveOnly, 8, null), second.Ref);
        var b = await second.ExpectMsgAsync<RoomFeedJoined>();

        Assert.Equal(a.Epoch, b.Epoch);
        Assert.Equal(a.Epoch, (await first.ExpectMsgAsync<RoomFeedDelivery>()).Epoch);
        Assert.Equal(1, b.LastSeq);
    }

    private IActorRef StartRoom(string name) =>
        CreateTestProbe().ChildActorOf(RoomActor.Props(name, LongIdle, [], new BrokerCounters()));

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static PublishBatch Batch(long id, params string[] payloads) => new(id, "px", payloads.Select(Bytes).ToList());
}

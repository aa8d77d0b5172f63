using System.Text;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Stats;
using ActorRooms.Protocol.Resp;
using Akka.Actor;
using Akka.TestKit;

namespace ActorRooms.Broker.Tests.Rooms;

public sealed class RoomActorSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    private static readonly TimeSpan LongIdle = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Should_send_every_member_the_same_encoded_buffer_when_a_batch_is_published()
    {
        var (_, room) = StartRoom("px.AAPL", LongIdle);
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        await JoinAsync(room, first, "px.AAPL", RespProtocol.Resp2);
        await JoinAsync(room, second, "px.AAPL", RespProtocol.Resp2);

        room.Tell(Batch(7, "px.AAPL", "187.25", "187.50"), TestActor);

        var toFirst = await first.ExpectMsgAsync<RoomDelivery>();
        var toSecond = await second.ExpectMsgAsync<RoomDelivery>();
        Assert.Same(toFirst, toSecond);
        Assert.Equal(2, toFirst.Messages);
        Assert.Equal(
            "*3\r\n$7\r\nmessage\r\n$7\r\npx.AAPL\r\n$6\r\n187.25\r\n*3\r\n$7\r\nmessage\r\n$7\r\npx.AAPL\r\n$6\r\n187.50\r\n",
            Encoding.Latin1.GetString(toFirst.Frames.ToArray()));
        var published = await ExpectMsgAsync<BatchPublished>();
        Assert.Equal(new BatchPublished(7, 2), published);
    }

    [Fact]
    public async Task Should_encode_push_frames_when_a_member_speaks_resp3()
    {
        var (_, room) = StartRoom("chat", LongIdle);
        var resp2 = CreateTestProbe();
        var resp3 = CreateTestProbe();
        await JoinAsync(room, resp2, "chat", RespProtocol.Resp2);
        await JoinAsync(room, resp3, "chat", RespProtocol.Resp3);

        room.Tell(Batch(1, "chat", "hi"), TestActor);

        Assert.StartsWith("*3\r\n", Text(await resp2.ExpectMsgAsync<RoomDelivery>()), StringComparison.Ordinal);
        Assert.Equal(">3\r\n$7\r\nmessage\r\n$4\r\nchat\r\n$2\r\nhi\r\n", Text(await resp3.ExpectMsgAsync<RoomDelivery>()));
    }

    [Fact]
    public async Task Should_forget_a_member_when_it_terminates()
    {
        var (parent, room) = StartRoom("chat", LongIdle);
        var staying = CreateTestProbe();
        var leaving = CreateTestProbe();
        await JoinAsync(room, staying, "chat", RespProtocol.Resp2);
        await JoinAsync(room, leaving, "chat", RespProtocol.Resp2);
        await parent.FishForMessageAsync<RoomMembersChanged>(m => m.ChannelMembers == 2);

        Sys.Stop(leaving.Ref);
        await parent.FishForMessageAsync<RoomMembersChanged>(m => m.ChannelMembers == 1);
        room.Tell(Batch(2, "chat", "after"), TestActor);

        Assert.Equal(new BatchPublished(2, 1), await ExpectMsgAsync<BatchPublished>());
        await staying.ExpectMsgAsync<RoomDelivery>();
    }

    [Fact]
    public async Task Should_acknowledge_and_stop_delivering_when_a_member_leaves()
    {
        var (_, room) = StartRoom("chat", LongIdle);
        var member = CreateTestProbe();
        await JoinAsync(room, member, "chat", RespProtocol.Resp2);

        room.Tell(new LeaveRoom(9, "chat"), member.Ref);
        Assert.Equal(new RoomLeft(9), await member.ExpectMsgAsync<RoomLeft>());
        room.Tell(Batch(3, "chat", "after"), TestActor);

        Assert.Equal(new BatchPublished(3, 0), await ExpectMsgAsync<BatchPublished>());
        // Marker: a join after the publish is answered first, so the publish sent this member nothing.
        await JoinAsync(room, member, "chat", RespProtocol.Resp2);
    }

    [Fact]
    public async Task Should_deliver_both_a_message_and_a_pmessage_when_a_member_has_a_channel_and_a_matching_pattern()
    {
        var (_, room) = StartRoom("news.art", LongIdle);
        var member = CreateTestProbe();
        await JoinAsync(room, member, "news.art", RespProtocol.Resp2);
        room.Tell(new AddPatternMember(5, "news.*", member.Ref, RespProtocol.Resp2));
        await member.ExpectMsgAsync<PatternMembershipConfirmed>();

        room.Tell(Batch(4, "news.art", "Hello"), TestActor);

        Assert.Equal(new BatchPublished(4, 2), await ExpectMsgAsync<BatchPublished>());
        var message = await member.ExpectMsgAsync<RoomDelivery>();
        var pattern = await member.ExpectMsgAsync<PatternDelivery>();
        Assert.Equal("*3\r\n$7\r\nmessage\r\n$8\r\nnews.art\r\n$5\r\nHello\r\n", Text(message));
        Assert.Equal("news.*", pattern.Pattern);
        Assert.Equal("*4\r\n$8\r\npmessage\r\n$6\r\nnews.*\r\n$8\r\nnews.art\r\n$5\r\nHello\r\n", Encoding.Latin1.GetString(pattern.Frames.ToArray()));
    }

    [Fact]
    public async Task Should_offer_to_stop_and_then_stop_when_idle_without_members()
    {
        var (parent, room) = StartRoom("quiet", TimeSpan.FromMilliseconds(100));
        await WatchAsync(room);

        var idle = await parent.FishForMessageAsync<RoomIdle>(_ => true, TimeSpan.FromSeconds(5));
        Assert.Equal("quiet", idle.Room);
        room.Tell(StopRoom.Instance, parent.Ref);

        await ExpectTerminatedAsync(room);
    }

    [Fact]
    public async Task Should_revive_instead_of_stopping_when_a_member_joins_after_the_idle_offer()
    {
        var (parent, room) = StartRoom("revived", TimeSpan.FromMilliseconds(100));
        await WatchAsync(room);
        await parent.FishForMessageAsync<RoomIdle>(_ => true, TimeSpan.FromSeconds(5));

        var member = CreateTestProbe();
        await JoinAsync(room, member, "revived", RespProtocol.Resp2);
        await parent.FishForMessageAsync<RoomRevived>(_ => true);
        room.Tell(StopRoom.Instance, parent.Ref);
        room.Tell(Batch(1, "revived", "still here"), TestActor);

        Assert.Equal(new BatchPublished(1, 1), await ExpectMsgAsync<BatchPublished>());
    }

    [Fact]
    public async Task Should_stay_until_a_members_question_it_is_gathering_is_answered_when_asked_to_stop()
    {
        var (parent, room) = StartRoom("asked", TimeSpan.FromMilliseconds(100));
        await WatchAsync(room);
        var silent = CreateTestProbe();
        await JoinAsync(room, silent, "asked", RespProtocol.Resp2);
        room.Tell(new QueryRoomMembers(7, "asked"), TestActor);
        await silent.ExpectMsgAsync<DescribeRoomMember>();
        room.Tell(new LeaveRoom(1, "asked"), silent.Ref);
        await silent.ExpectMsgAsync<RoomLeft>();

        // Idle and asked to stop while its question waits for the member that never describes itself.
        await parent.FishForMessageAsync<RoomIdle>(_ => true, TimeSpan.FromSeconds(5));
        room.Tell(StopRoom.Instance, parent.Ref);

        await parent.FishForMessageAsync<RoomRevived>(_ => true, TimeSpan.FromSeconds(5));
        Assert.Equal(7, (await ExpectMsgAsync<RoomMembersAnswered>(TimeSpan.FromSeconds(5))).RequestId);
        await parent.FishForMessageAsync<RoomIdle>(_ => true, TimeSpan.FromSeconds(5));
        room.Tell(StopRoom.Instance, parent.Ref);
        await ExpectTerminatedAsync(room);
    }

    private (TestProbe Parent, IActorRef Room) StartRoom(string name, TimeSpan idle)
    {
        var parent = CreateTestProbe();
        var room = parent.ChildActorOf(RoomActor.Props(name, idle, [], new BrokerCounters()));
        return (parent, room);
    }

    private static async Task JoinAsync(IActorRef room, TestProbe member, string name, RespProtocol protocol)
    {
        room.Tell(new JoinRoom(100, name, protocol), member.Ref);
        await member.ExpectMsgAsync<RoomJoined>();
    }

    private static PublishBatch Batch(long id, string room, params string[] payloads) =>
        new(id, room, payloads.Select(p => (ReadOnlyMemory<byte>)Encoding.Latin1.GetBytes(p)).ToList());

    private static string Text(RoomDelivery delivery) => Encoding.Latin1.GetString(delivery.Frames.ToArray());
}

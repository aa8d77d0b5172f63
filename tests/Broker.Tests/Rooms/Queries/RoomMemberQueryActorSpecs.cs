using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Rooms.Queries;

namespace ActorRooms.Broker.Tests.Rooms.Queries;

public sealed class RoomMemberQueryActorSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    [Fact]
    public async Task Should_hand_the_room_every_description_when_all_members_answer()
    {
        var room = CreateTestProbe();
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        var query = new RoomMemberQuery(5, TestActor, ForInfo: false);

        var child = await room.ChildActorOfAsync(RoomMemberQueryActor.Props(query, [first.Ref, second.Ref], "px", TimeSpan.FromMinutes(1)));
        await WatchAsync(child);
        var askFirst = await first.ExpectMsgAsync<DescribeRoomMember>();
        var askSecond = await second.ExpectMsgAsync<DescribeRoomMember>();
        Assert.Equal("px", askFirst.Room);
        first.Reply(new RoomMemberDescribed(askFirst.QueryId, new RoomMemberState(1, null, false, null, 0)));
        second.Reply(new RoomMemberDescribed(askSecond.QueryId, new RoomMemberState(2, null, false, null, 0)));

        var gathered = await room.ExpectMsgAsync<RoomMembersGathered>();
        Assert.Same(query, gathered.Query);
        Assert.Equal(2, gathered.Asked);
        Assert.Equal([1L, 2L], gathered.States.Select(s => s.ClientId).Order());
        await ExpectTerminatedAsync(child);
    }

    [Fact]
    public async Task Should_hand_the_room_what_came_when_a_member_does_not_answer_in_time()
    {
        var room = CreateTestProbe();
        var answering = CreateTestProbe();
        var silent = CreateTestProbe();

        var child = await room.ChildActorOfAsync(RoomMemberQueryActor.Props(new RoomMemberQuery(5, TestActor, ForInfo: true), [answering.Ref, silent.Ref], "px", TimeSpan.FromMilliseconds(200)));
        var ask = await answering.ExpectMsgAsync<DescribeRoomMember>();
        answering.Reply(new RoomMemberDescribed(ask.QueryId, new RoomMemberState(1, null, false, null, 0)));

        var gathered = await room.ExpectMsgAsync<RoomMembersGathered>();
        Assert.Equal(2, gathered.Asked);
        Assert.Single(gathered.States);
        Assert.NotNull(child);
    }
}

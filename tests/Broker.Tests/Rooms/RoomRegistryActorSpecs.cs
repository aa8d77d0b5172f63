using System.Text;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Stats;
using ActorRooms.Protocol.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Tests.Rooms;

public sealed class RoomRegistryActorSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    [Fact]
    public async Task Should_answer_zero_and_create_nothing_when_publishing_to_a_room_nobody_is_in()
    {
        var registry = StartRegistry(TimeSpan.FromMinutes(5));

        registry.Tell(Batch(1, "nobody-here", "x"), TestActor);

        Assert.Equal(new BatchPublished(1, 0), await ExpectMsgAsync<BatchPublished>());
        Assert.Equal(registry, LastSender);
        Assert.Empty(await ChildrenOfAsync(registry));
    }

    [Fact]
    public async Task Should_start_the_room_and_let_it_answer_when_a_member_joins()
    {
        var registry = StartRegistry(TimeSpan.FromMinutes(5));
        var member = CreateTestProbe();

        registry.Tell(new JoinRoom(1, "prices", RespProtocol.Resp2), member.Ref);

        await member.ExpectMsgAsync<RoomJoined>();
        Assert.NotEqual(registry, member.LastSender);
        Assert.Equal("room-prices", member.LastSender.Path.Name);
    }

    [Fact]
    public async Task Should_count_channel_members_when_asked_for_numsub_and_channels()
    {
        var registry = StartRegistry(TimeSpan.FromMinutes(5));
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        registry.Tell(new JoinRoom(1, "a", RespProtocol.Resp2), first.Ref);
        registry.Tell(new JoinRoom(2, "a", RespProtocol.Resp2), second.Ref);
        registry.Tell(new JoinRoom(3, "b", RespProtocol.Resp2), second.Ref);
        await first.ExpectMsgAsync<RoomJoined>();
        await second.ExpectMsgAsync<RoomJoined>();
        await second.ExpectMsgAsync<RoomJoined>();

        registry.Tell(new CountSubscribers(10, ["a", "b", "c"]), TestActor);
        registry.Tell(new ListChannels(11, "a*"), TestActor);

        Assert.Equal([2, 1, 0], (await ExpectMsgAsync<SubscribersCounted>()).Counts);
        Assert.Equal(["a"], (await ExpectMsgAsync<ChannelsListed>()).Channels);
    }

    [Fact]
    public async Task Should_route_to_a_matching_pattern_when_no_channel_member_exists()
    {
        var registry = StartRegistry(TimeSpan.FromMinutes(5));
        var subscriber = CreateTestProbe();
        registry.Tell(new SubscribePattern(1, "px.*", RespProtocol.Resp2), subscriber.Ref);
        Assert.Equal(new PatternRoomsNotified(1, 0), await subscriber.ExpectMsgAsync<PatternRoomsNotified>());

        registry.Tell(Batch(2, "px.MSFT", "411.10"), TestActor);

        Assert.Equal(new BatchPublished(2, 1), await ExpectMsgAsync<BatchPublished>());
        var delivery = await subscriber.ExpectMsgAsync<PatternDelivery>();
        Assert.Equal("*4\r\n$8\r\npmessage\r\n$4\r\npx.*\r\n$7\r\npx.MSFT\r\n$6\r\n411.10\r\n", Encoding.Latin1.GetString(delivery.Frames.ToArray()));
    }

    [Fact]
    public async Task Should_have_existing_rooms_confirm_to_the_subscriber_when_a_pattern_is_added()
    {
        var registry = StartRegistry(TimeSpan.FromMinutes(5));
        var member = CreateTestProbe();
        registry.Tell(new JoinRoom(1, "news.art", RespProtocol.Resp2), member.Ref);
        await member.ExpectMsgAsync<RoomJoined>();
        var subscriber = CreateTestProbe();

        registry.Tell(new SubscribePattern(2, "news.*", RespProtocol.Resp3), subscriber.Ref);

        var replies = new List<object>
        {
            await subscriber.ExpectMsgAsync<object>(),
            await subscriber.ExpectMsgAsync<object>(),
        };
        Assert.Contains(new PatternRoomsNotified(2, 1), replies);
        Assert.Contains(new PatternMembershipConfirmed(2), replies);
    }

    [Fact]
    public async Task Should_forget_patterns_when_their_subscriber_terminates()
    {
        var registry = StartRegistry(TimeSpan.FromMinutes(5));
        var subscriber = CreateTestProbe();
        registry.Tell(new SubscribePattern(1, "a*", RespProtocol.Resp2), subscriber.Ref);
        await subscriber.ExpectMsgAsync<PatternRoomsNotified>();

        Sys.Stop(subscriber.Ref);

        await AwaitAssertAsync(async () =>
        {
            registry.Tell(new CountPatterns(2), TestActor);
            Assert.Equal(0, (await ExpectMsgAsync<PatternsCounted>()).Count);
        });
    }

    [Fact]
    public async Task Should_stop_an_idle_room_and_start_a_fresh_one_when_the_name_is_used_again()
    {
        var registry = StartRegistry(TimeSpan.FromMilliseconds(100));
        var member = CreateTestProbe();
        registry.Tell(new JoinRoom(1, "churn", RespProtocol.Resp2), member.Ref);
        await member.ExpectMsgAsync<RoomJoined>();
        var firstRoom = member.LastSender;
        await WatchAsync(firstRoom);
        firstRoom.Tell(new LeaveRoom(2, "churn"), member.Ref);
        await member.ExpectMsgAsync<RoomLeft>();

        await ExpectTerminatedAsync(firstRoom, TimeSpan.FromSeconds(5));
        registry.Tell(new JoinRoom(3, "churn", RespProtocol.Resp2), member.Ref);

        await member.ExpectMsgAsync<RoomJoined>();
        Assert.NotEqual(firstRoom, member.LastSender);
        Assert.Equal("room-churn", member.LastSender.Path.Name);
    }

    private IActorRef StartRegistry(TimeSpan idle) =>
        Sys.ActorOf(RoomRegistryActor.Props(idle, new BrokerCounters()));

    private async Task<IReadOnlyList<IActorRef>> ChildrenOfAsync(IActorRef parent)
    {
        // Test-only look-up: production code never finds actors by path.
        var probe = CreateTestProbe();
        Sys.ActorSelection(parent.Path / "*").Tell(new Identify("children"), probe.Ref);
        var found = new List<IActorRef>();
        while (await probe.ReceiveOneAsync(TimeSpan.FromMilliseconds(300)) is ActorIdentity { Subject: { } child })
        {
            found.Add(child);
        }

        return found;
    }

    private static PublishBatch Batch(long id, string room, params string[] payloads) =>
        new(id, room, payloads.Select(p => (ReadOnlyMemory<byte>)Encoding.Latin1.GetBytes(p)).ToList());
}

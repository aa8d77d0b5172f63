using System.Text;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.PubSub;
using ActorRooms.Broker.Network.Routing;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Broker.Rooms;

namespace ActorRooms.Broker.Tests.Network.PubSub;

public sealed class SubscriptionsSpecs
{
    private readonly RecordingRef _registry = new("rooms");
    private readonly FakeHost _host = new();
    private readonly RoomRouter _router;
    private readonly Subscriptions _subscriptions;

    public SubscriptionsSpecs()
    {
        _router = new RoomRouter(_registry, _host.Self, 10, _host, _ => true);
        _subscriptions = new Subscriptions(_router, new ClientState(1, "a", "b", DateTime.UtcNow), _host.Self, maxSubscriptions: 3, feedCount: () => 0);
    }

    [Fact]
    public void Should_confirm_each_channel_with_the_running_count_and_wait_for_each_room_when_subscribing()
    {
        var reply = SessionHarness.Reply();

        _subscriptions.Subscribe(SessionHarness.Command("subscribe", "a", "b", "a"), SubscriptionKind.Channel, reply);

        Assert.Equal(2, reply.Outstanding);
        Assert.Equal(["a", "b"], _registry.Received.OfType<JoinRoom>().Select(j => j.Room));
        Assert.Equal(
            "*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:2\r\n",
            Written(reply));
    }

    [Fact]
    public void Should_keep_taking_deliveries_until_the_room_confirms_when_unsubscribing()
    {
        _subscriptions.Subscribe(SessionHarness.Command("subscribe", "news"), SubscriptionKind.Channel, SessionHarness.Reply());

        _subscriptions.Unsubscribe(SessionHarness.Command("unsubscribe", "news"), SubscriptionKind.Channel, SessionHarness.Reply());
        var leave = _registry.Last<LeaveRoom>();

        Assert.False(_subscriptions.HasChannel("news"));
        Assert.True(_subscriptions.ListensTo("news"));
        _subscriptions.RoomRequestCompleted(_router.Complete(leave.RequestId)!.Message);
        Assert.False(_subscriptions.ListensTo("news"));
    }

    [Fact]
    public void Should_join_the_shard_rooms_and_count_shard_channels_apart_when_ssubscribing_beside_a_channel()
    {
        _subscriptions.Subscribe(SessionHarness.Command("subscribe", "x"), SubscriptionKind.Channel, SessionHarness.Reply());
        var reply = SessionHarness.Reply();

        _subscriptions.Subscribe(SessionHarness.Command("ssubscribe", "x"), SubscriptionKind.ShardChannel, reply);

        Assert.Equal(["x", ShardChannels.RoomOf("x")], _registry.Received.OfType<JoinRoom>().Select(j => j.Room));
        Assert.Equal("*3\r\n$10\r\nssubscribe\r\n$1\r\nx\r\n:1\r\n", Written(reply));
        Assert.Equal(1, _subscriptions.Count);
        Assert.True(_subscriptions.ListensTo(ShardChannels.RoomOf("x")));
        Assert.False(_subscriptions.WithinLimit(SessionHarness.Command("ssubscribe", "y", "z"), SubscriptionKind.ShardChannel));
    }

    [Fact]
    public void Should_stay_subscribed_when_only_shard_channels_are_left()
    {
        _subscriptions.Subscribe(SessionHarness.Command("ssubscribe", "only"), SubscriptionKind.ShardChannel, SessionHarness.Reply());
        var reply = SessionHarness.Reply();

        _subscriptions.Unsubscribe(SessionHarness.Command("unsubscribe"), SubscriptionKind.Channel, reply);

        Assert.Equal("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n", Written(reply));
        Assert.True(_subscriptions.IsSubscribed);
    }

    [Fact]
    public void Should_confirm_a_null_channel_when_unsubscribing_from_nothing()
    {
        var reply = SessionHarness.Reply();

        _subscriptions.Unsubscribe(SessionHarness.Command("unsubscribe"), SubscriptionKind.Channel, reply);

        Assert.Equal("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n", Written(reply));
    }

    [Fact]
    public void Should_refuse_new_names_past_the_limit_but_not_names_already_held()
    {
        _subscriptions.Subscribe(SessionHarness.Command("subscribe", "a", "b", "c"), SubscriptionKind.Channel, SessionHarness.Reply());

        Assert.True(_subscriptions.WithinLimit(SessionHarness.Command("subscribe", "a", "c"), SubscriptionKind.Channel));
        Assert.False(_subscriptions.WithinLimit(SessionHarness.Command("subscribe", "d"), SubscriptionKind.Channel));
    }

    [Fact]
    public void Should_complete_a_pattern_only_when_every_room_the_registry_told_has_confirmed()
    {
        var reply = SessionHarness.Reply();
        _subscriptions.Subscribe(SessionHarness.Command("psubscribe", "px.*"), SubscriptionKind.Pattern, reply);
        var request = _registry.Last<SubscribePattern>();

        Assert.False(_subscriptions.PatternRoomsNotified(request.RequestId, rooms: 2));
        Assert.False(_subscriptions.PatternMembershipConfirmed(request.RequestId));
        Assert.True(_subscriptions.PatternMembershipConfirmed(request.RequestId));
        Assert.True(reply.IsComplete);
    }

    [Fact]
    public void Should_join_the_successor_once_when_the_room_of_a_channel_stops()
    {
        _subscriptions.Subscribe(SessionHarness.Command("subscribe", "news"), SubscriptionKind.Channel, SessionHarness.Reply());
        _router.Complete(_registry.Last<JoinRoom>().RequestId);

        _subscriptions.RoomStopped("news");
        _subscriptions.RoomStopped("news");

        Assert.Equal(2, _registry.Received.OfType<JoinRoom>().Count());
    }

    private static string Written(AwaitedReply reply)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        reply.WriteTo(output);
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }
}

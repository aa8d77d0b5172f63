using ActorRooms.Broker.Network.Routing;
using ActorRooms.Broker.Rooms;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Tests.Network.Routing;

public sealed class RoomRouterSpecs
{
    private readonly RecordingRef _registry = new("rooms");
    private readonly FakeHost _host = new();
    private readonly HashSet<string> _memberOf = [];
    private readonly RoomRouter _router;

    public RoomRouterSpecs() => _router = new RoomRouter(_registry, _host.Self, cacheSize: 1, _host, _memberOf.Contains);

    [Fact]
    public void Should_go_through_the_registry_until_the_room_is_known_and_then_directly()
    {
        var room = new RecordingRef("room-a");

        _router.Send(new JoinRoom(_router.NextRequestId(), "a", RespProtocol.Resp2));
        _router.Complete(1);
        _router.Remember("a", room);
        _router.Send(new LeaveRoom(_router.NextRequestId(), "a"));

        Assert.Single(_registry.Received);
        Assert.IsType<LeaveRoom>(Assert.Single(room.Received));
        Assert.Contains(room, _host.Watched);
    }

    [Fact]
    public void Should_send_what_a_stopped_room_owed_through_the_registry_when_it_stops()
    {
        var room = new RecordingRef("room-a");
        _router.Remember("a", room);
        var join = new JoinRoom(_router.NextRequestId(), "a", RespProtocol.Resp2);
        _router.Send(join);

        Assert.Equal("a", _router.RoomStopped(room));

        Assert.Same(join, Assert.Single(_registry.Received));
        Assert.Null(_router.RoomStopped(room));
        Assert.True(_router.IsPending<JoinRoom>("a"));
    }

    [Fact]
    public void Should_follow_requests_still_on_their_way_through_the_registry_when_the_room_becomes_known()
    {
        var room = new RecordingRef("room-a");
        _router.Send(new LeaveRoom(_router.NextRequestId(), "a"));
        _router.Send(new LeaveRoom(_router.NextRequestId(), "a"));

        // The first is answered by the room; the second is still in the registry's mailbox or on its way to the room.
        _router.Complete(1);
        _router.Remember("a", room);
        _router.Send(new LeaveRoom(_router.NextRequestId(), "a"));
        Assert.Equal(3, _registry.Received.Count); // behind the second, not past it
        Assert.Empty(room.Received);

        _router.Complete(2);
        _router.Complete(3);
        _router.Send(new LeaveRoom(_router.NextRequestId(), "a"));
        Assert.Single(room.Received);
    }

    [Fact]
    public void Should_forget_publish_only_rooms_beyond_the_cache_that_owe_no_answer_oldest_first()
    {
        _memberOf.Add("member");
        _router.Remember("member", new RecordingRef("room-member"));
        _router.Remember("old", new RecordingRef("room-old"));
        _router.Remember("new", new RecordingRef("room-new"));
        _router.Send(new LeaveRoom(_router.NextRequestId(), "old"));

        _router.ForgetSurplus();
        Assert.Equal(2, _router.KnownRooms); // "old" owes an answer: "new" goes instead

        _router.Complete(1);
        _router.Remember("newest", new RecordingRef("room-newest"));
        _router.ForgetSurplus();
        Assert.Equal(2, _router.KnownRooms);
        _router.Send(new LeaveRoom(_router.NextRequestId(), "old"));
        Assert.Single(_registry.Received); // "old" was forgotten: through the registry again
    }

    [Fact]
    public void Should_look_over_the_known_rooms_in_steps_not_on_every_answer_when_most_are_subscriptions()
    {
        // A subscriber of 2,000 rooms with a cache of 8: a pass per answer would ask about membership ~2 million times.
        var looks = 0;
        var router = new RoomRouter(_registry, _host.Self, cacheSize: 8, _host, room => { looks++; return room.StartsWith('m'); });
        for (var i = 0; i < 2000; i++)
        {
            router.Remember($"m{i}", new RecordingRef($"room-m{i}"));
            router.ForgetSurplus();
        }

        Assert.Equal(2000, router.KnownRooms); // subscriptions are never forgotten
        Assert.True(looks < 100_000, $"{looks} membership checks for 2,000 answers");

        // Publish-only rooms are still forgotten: at most a quarter as many as the known rooms are kept beyond the cache.
        for (var i = 0; i < 1000; i++)
        {
            router.Remember($"p{i}", new RecordingRef($"room-p{i}"));
            router.ForgetSurplus();
            Assert.True(router.KnownRooms - 2000 <= 8 + (router.KnownRooms / 4), $"{router.KnownRooms - 2000} publish-only rooms kept");
        }

        Assert.True(router.KnownRooms - 2000 < 1000, "no publish-only room was forgotten");
    }
}

using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Rooms.Ordering;
using ActorRooms.Protocol.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Tests.Rooms.Ordering;

public sealed class OwnerRegistrationSpecs
{
    private static readonly IActorRef Member = ActorRefs.Nobody;

    [Fact]
    public void Should_hold_confirmations_until_the_owner_answers()
    {
        var registration = new OwnerRegistration();
        Assert.True(registration.NotFollowing);
        Assert.True(registration.Holds);

        registration.Sent();
        registration.HoldConfirmation(Member, "first");
        registration.HoldConfirmation(Member, "second");
        var held = registration.Followed();

        Assert.Equal(["first", "second"], held.Confirmations.Select(c => c.Confirmation));
        Assert.False(registration.Holds);
        Assert.False(registration.Registering);
    }

    [Fact]
    public void Should_release_confirmations_and_joins_but_keep_batches_when_the_owner_is_late()
    {
        var registration = new OwnerRegistration();
        registration.Sent();
        var join = new JoinRoomFeed(1, "px", RespProtocol.Resp2, RoomJoinOptions.LiveOnly, 1, null);
        var batch = new OrderedBatch("px", ReadOnlyMemory<byte>.Empty, ForPatterns: false, 7, 1, 0);
        registration.HoldConfirmation(Member, "confirm");
        registration.HoldRequest(join, Member);
        registration.HoldBatch(batch);

        var overdue = registration.MarkOverdue();

        Assert.True(registration.Overdue);
        Assert.False(registration.Holds);
        Assert.True(registration.Registering);
        Assert.Single(overdue.Confirmations);
        Assert.Equal([join], overdue.Requests.Select(r => r.Request));
        Assert.Empty(overdue.Batches);

        var followed = registration.Followed();
        Assert.False(registration.Overdue);
        Assert.Empty(followed.Confirmations);
        Assert.Equal([batch], followed.Batches);
    }

    [Fact]
    public void Should_hold_again_when_registering_again_after_following()
    {
        var registration = new OwnerRegistration();
        registration.Sent();
        registration.Followed();

        registration.Sent();

        Assert.True(registration.Registering);
        Assert.True(registration.Holds);
        Assert.False(registration.NotFollowing);
    }
}

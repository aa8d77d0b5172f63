using ActorRooms.Broker.Rooms.Ordering;

namespace ActorRooms.Broker.Tests.Rooms.Ordering;

public sealed class RoomActivitySpecs
{
    [Fact]
    public void Should_offer_to_stop_once_when_a_whole_period_passes_without_members_or_publishes()
    {
        var activity = new RoomActivity();
        activity.TimerStarted();

        Assert.True(activity.Check(hasMembers: false));
        Assert.True(activity.OfferedToStop);
        Assert.False(activity.Check(hasMembers: false));
    }

    [Fact]
    public void Should_not_offer_to_stop_when_something_was_published_in_the_period()
    {
        var activity = new RoomActivity();
        activity.TimerStarted();
        activity.Published();

        Assert.False(activity.Check(hasMembers: false));
        Assert.True(activity.Check(hasMembers: false));
    }

    [Fact]
    public void Should_not_offer_to_stop_when_the_room_has_members()
    {
        var activity = new RoomActivity();

        Assert.False(activity.Check(hasMembers: true));
    }

    [Fact]
    public void Should_revive_once_when_a_member_comes_after_the_offer()
    {
        var activity = new RoomActivity();
        activity.Check(hasMembers: false);

        Assert.False(activity.Revived(hasMembers: false));
        Assert.True(activity.Revived(hasMembers: true));
        Assert.False(activity.Revived(hasMembers: true));
        Assert.False(activity.OfferedToStop);
    }

    [Fact]
    public void Should_forget_the_offer_when_the_room_stays()
    {
        var activity = new RoomActivity();
        activity.Check(hasMembers: false);

        activity.Stayed();

        Assert.False(activity.OfferedToStop);
    }
}

using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Rooms.Registry;
using Akka.Actor;

namespace ActorRooms.Broker.Tests.Rooms.Registry;

public sealed class ClusterPatternConfirmationsSpecs
{
    [Fact]
    public void Should_ask_once_and_release_every_waiter_when_the_pattern_is_confirmed()
    {
        var confirmations = new ClusterPatternConfirmations();

        Assert.True(confirmations.Wait("px.*", ActorRefs.Nobody, new PatternRoomsNotified(1, 0)));
        Assert.False(confirmations.Wait("px.*", ActorRefs.Nobody, new PatternRoomsNotified(2, 3)));
        var released = confirmations.Confirmed("px.*", stillHeld: true);

        Assert.Equal([1L, 2L], released.Select(r => r.Reply.RequestId));
        Assert.True(confirmations.IsKnown("px.*"));
        Assert.Empty(confirmations.Confirmed("px.*", stillHeld: true));
    }

    [Fact]
    public void Should_not_remember_a_pattern_nobody_holds_any_more_when_it_is_confirmed()
    {
        var confirmations = new ClusterPatternConfirmations();
        confirmations.Wait("px.*", ActorRefs.Nobody, new PatternRoomsNotified(1, 0));

        Assert.Single(confirmations.Confirmed("px.*", stillHeld: false));
        Assert.False(confirmations.IsKnown("px.*"));
    }

    [Fact]
    public void Should_wait_again_when_a_known_pattern_was_forgotten()
    {
        var confirmations = new ClusterPatternConfirmations();
        confirmations.Wait("px.*", ActorRefs.Nobody, new PatternRoomsNotified(1, 0));
        confirmations.Confirmed("px.*", stillHeld: true);

        confirmations.Forget("px.*");

        Assert.False(confirmations.IsKnown("px.*"));
        Assert.True(confirmations.Wait("px.*", ActorRefs.Nobody, new PatternRoomsNotified(2, 0)));
    }

    [Fact]
    public void Should_ask_again_when_a_pattern_is_removed_and_held_again_before_its_first_request_is_confirmed()
    {
        var confirmations = new ClusterPatternConfirmations();
        confirmations.Wait("px.*", ActorRefs.Nobody, new PatternRoomsNotified(1, 0));
        confirmations.Forget("px.*");

        // The removal follows the first request to every node, so a new subscriber must not ride on the first answer.
        Assert.True(confirmations.Wait("px.*", ActorRefs.Nobody, new PatternRoomsNotified(2, 0)));
        Assert.Equal([1L], confirmations.Confirmed("px.*", stillHeld: true).Select(r => r.Reply.RequestId));
        Assert.False(confirmations.IsKnown("px.*"));
        Assert.Equal([2L], confirmations.Confirmed("px.*", stillHeld: true).Select(r => r.Reply.RequestId));
        Assert.True(confirmations.IsKnown("px.*"));
    }
}

using ActorRooms.Broker.Rooms;
using Akka.Actor;

namespace ActorRooms.Broker.Tests.Rooms;

public sealed class RoomMessageQueueSpecs
{
    [Fact]
    public void Should_hold_nothing_until_the_first_message_and_keep_order_while_growing()
    {
        var queue = new RoomMessageQueue();
        Assert.Equal(0, queue.Capacity);
        Assert.False(queue.HasMessages);

        for (var i = 0; i < 3; i++)
        {
            queue.Enqueue(ActorRefs.Nobody, new Envelope(i, ActorRefs.NoSender));
        }

        Assert.True(queue.TryDequeue(out var first));
        for (var i = 3; i < 40; i++)
        {
            queue.Enqueue(ActorRefs.Nobody, new Envelope(i, ActorRefs.NoSender));
        }

        var rest = new List<object>();
        while (queue.TryDequeue(out var envelope))
        {
            rest.Add(envelope.Message);
        }

        Assert.Equal(0, first.Message);
        Assert.Equal(Enumerable.Range(1, 39).Cast<object>(), rest);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Should_keep_a_small_ring_but_drop_a_grown_one_when_drained()
    {
        var small = new RoomMessageQueue();
        small.Enqueue(ActorRefs.Nobody, new Envelope("one", ActorRefs.NoSender));
        small.TryDequeue(out _);
        var grown = new RoomMessageQueue();
        for (var i = 0; i <= RoomMessageQueue.KeptCapacity; i++)
        {
            grown.Enqueue(ActorRefs.Nobody, new Envelope(i, ActorRefs.NoSender));
        }

        while (grown.TryDequeue(out _))
        {
        }

        Assert.InRange(small.Capacity, 1, RoomMessageQueue.KeptCapacity);
        Assert.Equal(0, grown.Capacity);
        grown.Enqueue(ActorRefs.Nobody, new Envelope("again", ActorRefs.NoSender));
        Assert.True(grown.TryDequeue(out var again));
        Assert.Equal("again", again.Message);
    }

    [Fact]
    public void Should_hand_every_message_left_to_dead_letters_when_cleaned_up()
    {
        var queue = new RoomMessageQueue();
        var deadLetters = new RoomMessageQueue();
        queue.Enqueue(ActorRefs.Nobody, new Envelope("a", ActorRefs.NoSender));
        queue.Enqueue(ActorRefs.Nobody, new Envelope("b", ActorRefs.NoSender));

        queue.CleanUp(ActorRefs.Nobody, deadLetters);

        Assert.False(queue.HasMessages);
        Assert.Equal(2, deadLetters.Count);
    }
}

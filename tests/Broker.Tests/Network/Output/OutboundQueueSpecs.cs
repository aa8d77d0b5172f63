using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Stats;
using Akka.IO;

namespace ActorRooms.Broker.Tests.Network.Output;

public sealed class OutboundQueueSpecs
{
    [Fact]
    public void Should_keep_one_write_outstanding_when_more_is_queued()
    {
        var queue = new OutboundQueue();
        queue.Enqueue(Bytes(10, 1));

        Assert.True(queue.TryTakeWrite(out _));
        queue.Enqueue(Bytes(10, 2));

        Assert.False(queue.TryTakeWrite(out _));
        Assert.Equal(10, queue.QueuedBytes);
        Assert.Equal(10, queue.InFlightBytes);
    }

    [Fact]
    public void Should_coalesce_queued_buffers_in_order_when_the_previous_write_is_acknowledged()
    {
        var queue = new OutboundQueue();
        queue.Enqueue(Bytes(5, 1));
        queue.TryTakeWrite(out _);
        queue.Enqueue(Bytes(3, 2));
        queue.Enqueue(Bytes(4, 3));

        queue.Acknowledge();
        Assert.True(queue.TryTakeWrite(out var write));

        Assert.Equal(new byte[] { 2, 2, 2, 3, 3, 3, 3 }, write.ToArray());
        Assert.Equal(0, queue.QueuedBytes);
    }

    [Fact]
    public void Should_never_cut_a_buffer_when_coalescing_reaches_the_limit()
    {
        var queue = new OutboundQueue();
        queue.Enqueue(Bytes(40_000, 1));
        queue.Enqueue(Bytes(40_000, 2));

        Assert.True(queue.TryTakeWrite(out var first));
        queue.Acknowledge();
        Assert.True(queue.TryTakeWrite(out var second));

        Assert.Equal(40_000, first.Count);
        Assert.All(first.ToArray(), b => Assert.Equal(1, b));
        Assert.Equal(40_000, second.Count);
    }

    [Fact]
    public void Should_send_a_large_buffer_whole_when_it_is_over_the_coalescing_limit()
    {
        var queue = new OutboundQueue();
        var large = Bytes(OutboundQueue.CoalesceLimit + 1000, 7);
        queue.Enqueue(large);
        queue.Enqueue(Bytes(10, 8));

        Assert.True(queue.TryTakeWrite(out var write));

        Assert.Same(large, write);
    }

    [Fact]
    public void Should_drop_only_queued_bytes_when_discarding()
    {
        var queue = new OutboundQueue();
        queue.Enqueue(Bytes(10, 1));
        queue.TryTakeWrite(out _);
        queue.Enqueue(Bytes(20, 2));

        var dropped = queue.DiscardQueued();

        Assert.Equal(20, dropped);
        Assert.Equal(10, queue.InFlightBytes);
        Assert.False(queue.IsDrained);
        queue.Acknowledge();
        Assert.True(queue.IsDrained);
    }

    [Fact]
    public void Should_count_held_bytes_in_the_broker_total_until_they_are_written_dropped_or_released()
    {
        var counters = new BrokerCounters();
        var queue = new OutboundQueue(counters);
        queue.Enqueue(Bytes(100, 1));
        queue.TryTakeWrite(out _);
        queue.Enqueue(Bytes(50, 2));
        queue.Enqueue(Bytes(25, 3));
        Assert.Equal(175, counters.OutputHeldBytes);

        queue.Acknowledge();
        Assert.Equal(75, counters.OutputHeldBytes);
        queue.TryTakeWrite(out _);
        queue.Enqueue(Bytes(10, 4));
        queue.DiscardQueued();
        Assert.Equal(75, counters.OutputHeldBytes);

        queue.Release();
        Assert.Equal(0, counters.OutputHeldBytes);
    }

    private static ByteString Bytes(int count, byte value) => ByteString.FromBytes(Enumerable.Repeat(value, count).ToArray());
}

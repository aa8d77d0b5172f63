using System.Buffers;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Tests.Rooms.Delivery;

public sealed class SharedFramesSpecs
{
    [Fact]
    public void Should_hold_every_segment_in_order_when_a_batch_spans_several_segments()
    {
        var prefix = PubSubFrames.MessagePrefix("px"u8, RespProtocol.Resp2);
        var payloads = Enumerable.Range(0, 300).Select(i => (ReadOnlyMemory<byte>)Enumerable.Repeat((byte)('a' + (i % 26)), 1000).ToArray()).ToList();
        var expected = new ArrayBufferWriter<byte>();
        foreach (var payload in payloads)
        {
            expected.Write(prefix);
            RespWriter.BulkString(expected, payload.Span);
        }

        var frames = SharedFrames.Batch(prefix, payloads);

        Assert.True(frames.Count > 4 * PubSubFrames.SegmentSize);
        Assert.Equal(expected.WrittenSpan.ToArray(), frames.ToArray());
    }

    [Fact]
    public void Should_be_empty_when_there_is_nothing_to_encode()
    {
        Assert.True(SharedFrames.Batch("x"u8, []).IsEmpty);
        Assert.True(SharedFrames.RoomMessages("x"u8, 1, Array.Empty<RoomEntry>(), RespProtocol.Resp3).IsEmpty);
    }

    [Fact]
    public void Should_write_the_same_roommsg_bytes_as_the_buffer_writer_when_entries_are_encoded()
    {
        var prefix = RoomFrames.MessagePrefix("px"u8, RespProtocol.Resp3);
        var entries = Enumerable.Range(1, 150).Select(i => new RoomEntry(i, i % 2 == 0 ? "k" : null, 1, new byte[1000])).ToArray();
        var expected = new ArrayBufferWriter<byte>();
        RoomFrames.WriteMessages(expected, prefix, 7, entries, RespProtocol.Resp3);

        var frames = SharedFrames.RoomMessages(prefix, 7, entries, RespProtocol.Resp3);

        Assert.Equal(expected.WrittenSpan.ToArray(), frames.ToArray());
    }
}

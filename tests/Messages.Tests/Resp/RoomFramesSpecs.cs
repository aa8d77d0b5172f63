using System.Buffers;
using System.Text;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Protocol.Tests.Resp;

public sealed class RoomFramesSpecs
{
    [Fact]
    public void Should_encode_roommsg_as_a_resp3_push_with_a_null_key_when_the_member_speaks_resp3()
    {
        var entries = new[] { new Entry(42, null, 1764150000123, Encoding.ASCII.GetBytes("bye")), new Entry(43, "AAPL", 1764150000124, Encoding.ASCII.GetBytes("hi")) };

        var frames = Encode(RoomFrames.MessagePrefix("px"u8, RespProtocol.Resp3), 7, entries, RespProtocol.Resp3);

        Assert.Equal(
            ">7\r\n$7\r\nroommsg\r\n$2\r\npx\r\n:7\r\n:42\r\n_\r\n:1764150000123\r\n$3\r\nbye\r\n"
            + ">7\r\n$7\r\nroommsg\r\n$2\r\npx\r\n:7\r\n:43\r\n$4\r\nAAPL\r\n:1764150000124\r\n$2\r\nhi\r\n",
            Encoding.Latin1.GetString(frames.ToArray()));
    }

    [Fact]
    public void Should_encode_a_batch_larger_than_one_segment_exactly_as_its_frames_written_one_by_one()
    {
        var payload = new byte[1000];
        var entries = Enumerable.Range(1, 200).Select(i => new Entry(i, "k", 1, payload)).ToArray();
        var writer = new ArrayBufferWriter<byte>();
        RoomFrames.WriteMessages(writer, RoomFrames.MessagePrefix("px"u8, RespProtocol.Resp2), 7, entries, RespProtocol.Resp2);

        var frames = Encode(RoomFrames.MessagePrefix("px"u8, RespProtocol.Resp2), 7, entries, RespProtocol.Resp2);

        Assert.True(frames.Count > PubSubFrames.SegmentSize);
        Assert.Equal(writer.WrittenSpan.ToArray(), frames.ToArray());
    }

    [Fact]
    public void Should_write_the_join_and_leave_confirmations_as_documented()
    {
        var writer = new ArrayBufferWriter<byte>();

        RoomFrames.WriteJoined(writer, "px"u8, 7, 41, 1, RespProtocol.Resp2);
        RoomFrames.WriteLeft(writer, "px"u8, 0, RespProtocol.Resp3);

        Assert.Equal("*5\r\n$10\r\nroomjoined\r\n$2\r\npx\r\n:7\r\n:41\r\n:1\r\n>3\r\n$8\r\nroomleft\r\n$2\r\npx\r\n:0\r\n", Encoding.Latin1.GetString(writer.WrittenSpan));
    }

    private static SegmentList Encode(byte[] prefix, long epoch, Entry[] entries, RespProtocol protocol)
    {
        var sink = new SegmentList();
        RoomFrames.EncodeMessages(prefix, epoch, entries, protocol, ref sink);
        return sink;
    }

    // A roommsg's content as the broker's ledger entry carries it.
    private readonly record struct Entry(long Seq, string? Key, long TimeMs, ReadOnlyMemory<byte> Payload) : IRoomMessage;
}

using System.Buffers;
using ActorRooms.Protocol.Resp;
using static ActorRooms.Protocol.Tests.Resp.ReaderHarness;
using Kind = ActorRooms.Protocol.Resp.PubSubFrames.Confirmation;

namespace ActorRooms.Protocol.Tests.Resp;

/// <summary>Pub/sub pushes byte for byte as RESP-REFERENCE §2 (and redis-server 7.0.15) sends them, and batch segmenting.</summary>
public sealed class PubSubFramesSpecs
{
    private const string AaplFrame = "*3\r\n$7\r\nmessage\r\n$7\r\npx.AAPL\r\n$6\r\n187.25\r\n";

    [Theory]
    [InlineData(Kind.Subscribe, "first", 1L, RespProtocol.Resp2, "*3\r\n$9\r\nsubscribe\r\n$5\r\nfirst\r\n:1\r\n")]
    [InlineData(Kind.Subscribe, "second", 2L, RespProtocol.Resp2, "*3\r\n$9\r\nsubscribe\r\n$6\r\nsecond\r\n:2\r\n")]
    [InlineData(Kind.Subscribe, "first", 1L, RespProtocol.Resp3, ">3\r\n$9\r\nsubscribe\r\n$5\r\nfirst\r\n:1\r\n")]
    [InlineData(Kind.PatternSubscribe, "news.*", 3L, RespProtocol.Resp2, "*3\r\n$10\r\npsubscribe\r\n$6\r\nnews.*\r\n:3\r\n")]
    [InlineData(Kind.PatternSubscribe, "news.*", 2L, RespProtocol.Resp3, ">3\r\n$10\r\npsubscribe\r\n$6\r\nnews.*\r\n:2\r\n")]
    [InlineData(Kind.Unsubscribe, "second", 1L, RespProtocol.Resp2, "*3\r\n$11\r\nunsubscribe\r\n$6\r\nsecond\r\n:1\r\n")]
    [InlineData(Kind.Unsubscribe, "first", 0L, RespProtocol.Resp2, "*3\r\n$11\r\nunsubscribe\r\n$5\r\nfirst\r\n:0\r\n")]
    [InlineData(Kind.PatternUnsubscribe, "news.*", 0L, RespProtocol.Resp2, "*3\r\n$12\r\npunsubscribe\r\n$6\r\nnews.*\r\n:0\r\n")]
    [InlineData(Kind.PatternUnsubscribe, "news.*", 0L, RespProtocol.Resp3, ">3\r\n$12\r\npunsubscribe\r\n$6\r\nnews.*\r\n:0\r\n")]
    [InlineData(Kind.Subscribe, "", 1L, RespProtocol.Resp2, "*3\r\n$9\r\nsubscribe\r\n$0\r\n\r\n:1\r\n")]
    public void Should_write_the_redis_confirmation_when_a_channel_is_named(Kind kind, string channel, long count, RespProtocol protocol, string expected)
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act
        PubSubFrames.WriteConfirmation(writer, kind, Bytes(channel), channelIsNull: false, count, protocol);

        // Assert
        Assert.Equal(expected, Text(writer.WrittenSpan));
    }

    [Theory]
    [InlineData(Kind.Unsubscribe, RespProtocol.Resp2, "*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n")]
    [InlineData(Kind.Unsubscribe, RespProtocol.Resp3, ">3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n")]
    [InlineData(Kind.PatternUnsubscribe, RespProtocol.Resp2, "*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n")]
    [InlineData(Kind.PatternUnsubscribe, RespProtocol.Resp3, ">3\r\n$12\r\npunsubscribe\r\n_\r\n:0\r\n")]
    public void Should_write_a_null_channel_when_a_mass_unsubscribe_finds_nothing_subscribed(Kind kind, RespProtocol protocol, string expected)
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act
        PubSubFrames.WriteConfirmation(writer, kind, "ignored"u8, channelIsNull: true, 0, protocol);

        // Assert
        Assert.Equal(expected, Text(writer.WrittenSpan));
    }

    [Theory]
    [InlineData(RespProtocol.Resp2, "*3")]
    [InlineData(RespProtocol.Resp3, ">3")]
    public void Should_encode_the_redis_message_frame_when_one_payload_is_batched(RespProtocol protocol, string header)
    {
        // Arrange
        var prefix = PubSubFrames.MessagePrefix("px.AAPL"u8, protocol);

        // Act
        var batch = Encode(prefix, [Bytes("187.25")]);

        // Assert
        Assert.Equal(header + AaplFrame[2..], Text(batch.ToArray()));
    }

    [Fact]
    public void Should_concatenate_one_frame_per_payload_when_several_payloads_are_batched()
    {
        // Arrange
        var prefix = PubSubFrames.MessagePrefix("px.AAPL"u8, RespProtocol.Resp2);

        // Act
        var batch = Encode(prefix, [Bytes("187.25"), Bytes(""), Bytes("187.25")]);

        // Assert
        Assert.Equal(AaplFrame + "*3\r\n$7\r\nmessage\r\n$7\r\npx.AAPL\r\n$0\r\n\r\n" + AaplFrame, Text(batch.ToArray()));
    }

    [Theory]
    [InlineData(RespProtocol.Resp2, "*4")]
    [InlineData(RespProtocol.Resp3, ">4")]
    public void Should_encode_the_redis_pmessage_frame_when_a_pattern_prefix_is_batched(RespProtocol protocol, string header)
    {
        // Arrange
        var prefix = PubSubFrames.PatternMessagePrefix("news.*"u8, "news.art"u8, protocol);

        // Act
        var batch = Encode(prefix, [Bytes("Hello")]);

        // Assert
        Assert.Equal(header + "\r\n$8\r\npmessage\r\n$6\r\nnews.*\r\n$8\r\nnews.art\r\n$5\r\nHello\r\n", Text(batch.ToArray()));
    }

    [Fact]
    public void Should_hand_over_no_buffer_when_the_batch_is_empty()
    {
        // Arrange
        var prefix = PubSubFrames.MessagePrefix("px.AAPL"u8, RespProtocol.Resp2);

        // Act
        var batch = Encode(prefix, []);

        // Assert
        Assert.True(batch.IsEmpty);
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void Should_cut_a_large_batch_into_full_segments_at_frame_boundaries_when_it_exceeds_the_segment_size()
    {
        // Arrange: about 600 KB of frames with payloads of 0 to 299 bytes.
        var prefix = PubSubFrames.MessagePrefix("px.AAPL"u8, RespProtocol.Resp2);
        var payloads = Enumerable.Range(0, 4000).Select(i => Enumerable.Repeat((byte)('a' + (i % 26)), i % 300).ToArray()).ToList();

        // Act
        var batch = Encode(prefix, [.. payloads.Select(p => (ReadOnlyMemory<byte>)p)]);

        // Assert
        var frames = payloads.Select(p => prefix.Concat(Bytes($"${p.Length}\r\n")).Concat(p).Concat("\r\n"u8.ToArray()).ToArray()).ToList();
        AssertSegmentedExactly(batch, frames);
        Assert.True(Segments(batch).Count > 8, $"{Segments(batch).Count} segments");
    }

    [Fact]
    public void Should_give_an_oversized_frame_a_segment_of_its_own_when_it_exceeds_the_segment_size()
    {
        // Arrange
        var prefix = PubSubFrames.MessagePrefix("big"u8, RespProtocol.Resp3);
        byte[][] payloads = [Bytes("before"), new byte[PubSubFrames.SegmentSize + 1000], Bytes("after"), new byte[60_000], Bytes("last")];

        // Act
        var batch = Encode(prefix, [.. payloads.Select(p => (ReadOnlyMemory<byte>)p)]);

        // Assert
        var frames = payloads.Select(p => prefix.Concat(Bytes($"${p.Length}\r\n")).Concat(p).Concat("\r\n"u8.ToArray()).ToArray()).ToList();
        AssertSegmentedExactly(batch, frames);
        Assert.Contains(frames[1].Length, Segments(batch));
    }

    private static SegmentList Encode(byte[] prefix, IReadOnlyList<ReadOnlyMemory<byte>> payloads)
    {
        var sink = new SegmentList();
        PubSubFrames.EncodeBatch(prefix, payloads, ref sink);
        return sink;
    }

    private static List<int> Segments(SegmentList batch) => batch.Lengths;

    // The concatenation is exact; segments end on frame boundaries; none exceeds SegmentSize unless it is one
    // larger frame; and a segment is closed only when the next frame does not fit in it.
    private static void AssertSegmentedExactly(SegmentList batch, IReadOnlyList<byte[]> frames)
    {
        Assert.Equal(Convert.ToHexString(frames.SelectMany(f => f).ToArray()), Convert.ToHexString(batch.ToArray()));

        var frameEnds = new HashSet<long>();
        var frameStartingAt = new Dictionary<long, int>();
        long offset = 0;
        foreach (var frame in frames)
        {
            frameStartingAt[offset] = frame.Length;
            offset += frame.Length;
            frameEnds.Add(offset);
        }

        var segments = Segments(batch);
        long end = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            var start = end;
            end += segments[i];
            Assert.True(frameEnds.Contains(end), $"segment {i} ends inside a frame, at {end}");
            Assert.True(
                segments[i] <= PubSubFrames.SegmentSize || frameStartingAt[start] == segments[i],
                $"segment {i} holds {segments[i]} bytes in more than one frame");
            if (i + 1 < segments.Count)
            {
                Assert.True(
                    segments[i] + frameStartingAt[end] > PubSubFrames.SegmentSize,
                    $"segment {i} ({segments[i]} bytes) was closed although the next frame ({frameStartingAt[end]} bytes) fits");
            }
        }
    }
}

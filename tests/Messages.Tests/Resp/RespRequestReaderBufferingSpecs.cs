using System.Runtime.InteropServices;
using ActorRooms.Protocol.Resp;
using static ActorRooms.Protocol.Tests.Resp.ReaderHarness;

namespace ActorRooms.Protocol.Tests.Resp;

/// <summary>What the reader keeps between chunks: only received bytes, and no copy of arguments that lie in one chunk.</summary>
public sealed class RespRequestReaderBufferingSpecs
{
    private const int DeclaredLength = 1_000_000;

    private static readonly RespLimits MegabyteLimits = new(MaxBulkLength: 2_000_000, MaxInlineLength: 64 * 1024, MaxArguments: 16);

    [Fact]
    public void Should_hold_only_the_received_bytes_when_a_large_bulk_is_declared_but_not_yet_sent()
    {
        // Arrange
        var header = Bytes($"*2\r\n$7\r\nPUBLISH\r\n${DeclaredLength}\r\n");
        var firstBytes = new byte[10];
        FeedDeclaredBulk(new RespRequestReader(MegabyteLimits), header, firstBytes);
        var reader = new RespRequestReader(MegabyteLimits);

        // Act
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var result = FeedDeclaredBulk(reader, header, firstBytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        // Assert
        Assert.Equal(RespReadResult.NeedMoreData, result);
        Assert.Equal("PUBLISH".Length + 10, reader.BufferedBytes);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes for 10 received bytes of a {DeclaredLength}-byte bulk");
    }

    [Fact]
    public void Should_count_received_data_and_read_arguments_as_buffered_when_a_large_bulk_arrives_in_pieces()
    {
        // Arrange
        var payload = Enumerable.Range(0, DeclaredLength).Select(i => (byte)(i * 31)).ToArray();
        var reader = new RespRequestReader(MegabyteLimits);
        var arguments = new List<ReadOnlyMemory<byte>>();
        var buffered = new List<long>();
        reader.Feed(Bytes($"*2\r\n$7\r\nPUBLISH\r\n${DeclaredLength}\r\n"));
        Assert.Equal(RespReadResult.NeedMoreData, reader.TryRead(arguments));

        // Act
        var result = RespReadResult.NeedMoreData;
        foreach (var chunk in payload.Chunk(100_000).Append("\r\n"u8.ToArray()))
        {
            reader.Feed(chunk);
            result = reader.TryRead(arguments);
            buffered.Add(reader.BufferedBytes);
        }

        // Assert
        Assert.Equal(RespReadResult.Command, result);
        Assert.Equal([.. Enumerable.Range(1, 10).Select(i => "PUBLISH".Length + (i * 100_000L)), 0L], buffered);
        Assert.Equal("PUBLISH", Text(arguments[0].Span));
        Assert.True(payload.AsSpan().SequenceEqual(arguments[1].Span));
    }

    [Fact]
    public void Should_count_the_arguments_already_read_when_a_command_is_unfinished()
    {
        // Arrange
        var reader = new RespRequestReader(RespLimits.Default);
        var arguments = new List<ReadOnlyMemory<byte>>();
        reader.Feed(Bytes("*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$5\r\nhel"));

        // Act
        var result = reader.TryRead(arguments);

        // Assert: PUBLISH, ch and the three bytes of hello.
        Assert.Equal(RespReadResult.NeedMoreData, result);
        Assert.Equal(7 + 2 + 3, reader.BufferedBytes);
    }

    [Fact]
    public void Should_count_a_partial_header_line_when_it_is_carried_to_the_next_chunk()
    {
        // Arrange
        var reader = new RespRequestReader(RespLimits.Default);
        var arguments = new List<ReadOnlyMemory<byte>>();
        reader.Feed(Bytes("*3\r\n$1"));

        // Act
        var result = reader.TryRead(arguments);

        // Assert
        Assert.Equal(RespReadResult.NeedMoreData, result);
        Assert.Equal(2, reader.BufferedBytes);
    }

    [Fact]
    public void Should_slice_the_chunk_when_every_argument_lies_whole_in_it()
    {
        // Arrange
        var chunk = Bytes("*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$5\r\nhello\r\n");
        var reader = new RespRequestReader(RespLimits.Default);
        var arguments = new List<ReadOnlyMemory<byte>>();
        reader.Feed(chunk);

        // Act
        var result = reader.TryRead(arguments);

        // Assert
        Assert.Equal(RespReadResult.Command, result);
        Assert.Equal([(8, 7), (21, 2), (29, 5)], arguments.Select(a => SliceOf(chunk, a)));
    }

    [Fact]
    public void Should_slice_the_next_chunk_when_a_chunk_ends_right_after_a_bulk_header()
    {
        // Arrange
        var first = Bytes("*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$5\r\n");
        var second = Bytes("hello\r\n");
        var reader = new RespRequestReader(RespLimits.Default);
        var arguments = new List<ReadOnlyMemory<byte>>();
        reader.Feed(first);
        Assert.Equal(RespReadResult.NeedMoreData, reader.TryRead(arguments));
        reader.Feed(second);

        // Act
        var result = reader.TryRead(arguments);

        // Assert
        Assert.Equal(RespReadResult.Command, result);
        Assert.Equal((0, 5), SliceOf(second, arguments[2]));
    }

    [Fact]
    public void Should_slice_whichever_chunk_holds_an_argument_whole_when_the_stream_is_cut_anywhere()
    {
        // Arrange: argument data ranges in the stream, as (start, length).
        var stream = Bytes("*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$5\r\nhello\r\n");
        (int Start, int Length)[] ranges = [(8, 7), (21, 2), (29, 5)];
        var failures = new List<string>();

        for (var cut = 0; cut <= stream.Length; cut++)
        {
            var (head, tail) = (stream[..cut], stream[cut..]);
            var reader = new RespRequestReader(RespLimits.Default);
            var arguments = new List<ReadOnlyMemory<byte>>();

            // Act
            reader.Feed(head);
            if (reader.TryRead(arguments) == RespReadResult.NeedMoreData)
            {
                reader.Feed(tail);
                reader.TryRead(arguments);
            }

            // Assert (collected): whole in the head or in the tail means a slice of that chunk; cut means a copy.
            for (var i = 0; i < ranges.Length; i++)
            {
                var (start, length) = ranges[i];
                (byte[]? Chunk, int Offset) expected = start + length <= cut ? (head, start)
                    : start >= cut ? (tail, start - cut)
                    : (null, 0);
                var isSliceOfHead = MemoryMarshal.TryGetArray(arguments[i], out var segment) && segment.Array == head;
                var isSliceOfTail = segment.Array == tail;
                var ok = expected.Chunk is null
                    ? !isSliceOfHead && !isSliceOfTail && Text(arguments[i].Span) == Text(stream.AsSpan(start, length))
                    : segment.Array == expected.Chunk && segment.Offset == expected.Offset && segment.Count == length;
                if (!ok)
                {
                    failures.Add($"cut at {cut}: argument {i} is not {(expected.Chunk is null ? "a copy" : "a slice")}");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Should_keep_inline_arguments_intact_when_later_lines_reuse_the_line_buffer()
    {
        // Arrange: each line is cut in two, so it is assembled in the reader's carried line buffer.
        var reader = new RespRequestReader(RespLimits.Default);
        var first = new List<ReadOnlyMemory<byte>>();
        var second = new List<ReadOnlyMemory<byte>>();
        reader.Feed(Bytes("ECHO ab"));
        Assert.Equal(RespReadResult.NeedMoreData, reader.TryRead(first));
        reader.Feed(Bytes("c\r\n"));
        Assert.Equal(RespReadResult.Command, reader.TryRead(first));

        // Act
        reader.Feed(Bytes("XXXX yy"));
        Assert.Equal(RespReadResult.NeedMoreData, reader.TryRead(second));
        reader.Feed(Bytes("z\r\n"));
        var result = reader.TryRead(second);

        // Assert
        Assert.Equal(RespReadResult.Command, result);
        Assert.Equal(["ECHO", "abc"], first.Select(a => Text(a.Span)));
        Assert.Equal(["XXXX", "yyz"], second.Select(a => Text(a.Span)));
    }

    private static RespReadResult FeedDeclaredBulk(RespRequestReader reader, byte[] header, byte[] firstBytes)
    {
        var arguments = new List<ReadOnlyMemory<byte>>(4);
        reader.Feed(header);
        reader.TryRead(arguments);
        reader.Feed(firstBytes);
        return reader.TryRead(arguments);
    }

    private static (int Offset, int Count) SliceOf(byte[] chunk, ReadOnlyMemory<byte> argument)
    {
        Assert.True(MemoryMarshal.TryGetArray(argument, out var segment), "the argument is not backed by an array");
        Assert.Same(chunk, segment.Array);
        return (segment.Offset, segment.Count);
    }
}

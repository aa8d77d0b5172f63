using ActorRooms.Protocol.Resp;
using static ActorRooms.Protocol.Tests.Resp.ReaderHarness;

namespace ActorRooms.Protocol.Tests.Resp;

/// <summary>Valid request streams: multibulk and inline commands, fed whole, cut at every byte and byte by byte.</summary>
public sealed class RespRequestReaderSpecs
{
    private static readonly Dictionary<string, (string Stream, string[][] Commands)> Streams = new()
    {
        ["multibulk PUBLISH"] = ("*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$5\r\nhello\r\n", [["PUBLISH", "ch", "hello"]]),
        ["empty bulk"] = ("*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$0\r\n\r\n", [["PUBLISH", "ch", ""]]),
        ["binary bulk with CRLF inside"] = (
            "*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$10\r\n\r\n\0\xff*1\r\n$\r\r\n",
            [["PUBLISH", "ch", "\r\n\0\xff*1\r\n$\r"]]),
        ["pipelined multibulk"] = (
            "*2\r\n$9\r\nSUBSCRIBE\r\n$1\r\na\r\n*3\r\n$7\r\nPUBLISH\r\n$1\r\na\r\n$1\r\nx\r\n*1\r\n$4\r\nPING\r\n",
            [["SUBSCRIBE", "a"], ["PUBLISH", "a", "x"], ["PING"]]),
        ["inline CRLF"] = ("PING\r\n", [["PING"]]),
        ["inline LF"] = ("PING\n", [["PING"]]),
        ["inline arguments"] = ("SUBSCRIBE a b c\r\n", [["SUBSCRIBE", "a", "b", "c"]]),
        ["inline tabs and runs of spaces"] = ("  SUBSCRIBE\ta \t b  \r\n", [["SUBSCRIBE", "a", "b"]]),
        ["inline CR inside the line separates"] = ("ECHO a\rb\r\n", [["ECHO", "a", "b"]]),
        ["inline double quotes with escapes"] = ("ECHO \"a\\x41\\n\"\r\n", [["ECHO", "aA\n"]]),
        ["inline single quotes with escaped quote"] = ("ECHO 'it\\'s'\r\n", [["ECHO", "it's"]]),
        ["inline empty quoted arguments"] = ("ECHO \"\" ''\n", [["ECHO", "", ""]]),
        ["empty inline lines skipped"] = ("\r\n\n   \r\n\t\nPING\r\n", [["PING"]]),
        ["empty multibulk headers skipped"] = ("*0\r\n*-1\r\n*-5\r\n*1\r\n$4\r\nPING\r\n*0\r\n", [["PING"]]),
        ["inline and multibulk mixed"] = (
            "PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nECHO there\n*1\r\n$4\r\nQUIT\r\n",
            [["PING"], ["ECHO", "hi"], ["ECHO", "there"], ["QUIT"]]),
        ["inline line with a star after its first byte"] = ("E*HO x\r\n", [["E*HO", "x"]]),
        // Redis skips the two bytes after bulk data and after a header's '\r' without checking them.
        ["bulk trailer not checked"] = ("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n", [["PING"], ["PING"]]),
        ["header CR followed by any byte"] = ("*1\rX$4\rYPING\r\n", [["PING"]]),
    };

    public static TheoryData<string> StreamNames => [.. Streams.Keys];

    [Theory]
    [MemberData(nameof(StreamNames))]
    public void Should_yield_the_same_commands_when_the_stream_is_fed_whole_or_cut_anywhere(string name)
    {
        // Arrange
        var (stream, expected) = Streams[name];
        var expectedJson = Json(expected);

        // Act
        var failures = Chunkings(Bytes(stream))
            .Select(chunking => (chunking.Name, Outcome: Read(chunking.Chunks)))
            .Where(r => r.Outcome.CommandsJson != expectedJson || r.Outcome.Last != RespReadResult.NeedMoreData || r.Outcome.Error is not null)
            .Select(r => $"{r.Name}: {r.Outcome.CommandsJson} then {r.Outcome.Last} {r.Outcome.Error}")
            .ToList();

        // Assert
        Assert.Empty(failures);
    }

    [Fact]
    public void Should_yield_every_command_in_order_when_many_are_pipelined_in_one_stream()
    {
        // Arrange
        var expected = Enumerable.Range(0, 200).Select(i => new[] { "PUBLISH", $"room-{i % 7}", $"payload {i}" }).ToArray();
        var stream = expected.SelectMany(command => Multibulk(command)).ToArray();

        // Act
        var outcomes = Chunkings(stream).Select(c => (c.Name, Outcome: Read(c.Chunks))).ToList();

        // Assert
        Assert.All(outcomes, o => Assert.Equal(Json(expected), o.Outcome.CommandsJson));
        Assert.All(outcomes, o => Assert.Equal(RespReadResult.NeedMoreData, o.Outcome.Last));
    }

    [Fact]
    public void Should_return_need_more_data_with_no_arguments_when_a_command_is_unfinished()
    {
        // Arrange
        var reader = new RespRequestReader(RespLimits.Default);
        var arguments = new List<ReadOnlyMemory<byte>> { new byte[] { 1 } };
        reader.Feed(Bytes("*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$5\r\nhel"));

        // Act
        var result = reader.TryRead(arguments);

        // Assert
        Assert.Equal(RespReadResult.NeedMoreData, result);
        Assert.Empty(arguments);
    }

    [Fact]
    public void Should_complete_the_command_when_the_rest_arrives_in_the_next_chunk()
    {
        // Arrange
        var reader = new RespRequestReader(RespLimits.Default);
        var arguments = new List<ReadOnlyMemory<byte>>();
        reader.Feed(Bytes("*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$5\r\nhel"));
        Assert.Equal(RespReadResult.NeedMoreData, reader.TryRead(arguments));
        reader.Feed(Bytes("lo\r\n"));

        // Act
        var result = reader.TryRead(arguments);

        // Assert
        Assert.Equal(RespReadResult.Command, result);
        Assert.Equal(["PUBLISH", "ch", "hello"], arguments.Select(a => Text(a.Span)));
        Assert.Equal(RespReadResult.NeedMoreData, reader.TryRead(arguments));
    }

    [Fact]
    public void Should_wait_for_the_two_trailer_bytes_when_the_last_bulk_data_ends_a_chunk()
    {
        // Arrange
        var reader = new RespRequestReader(RespLimits.Default);
        var arguments = new List<ReadOnlyMemory<byte>>();
        reader.Feed(Bytes("*1\r\n$4\r\nPING\r"));

        // Act
        var beforeTrailer = reader.TryRead(arguments);
        reader.Feed(Bytes("\n"));
        var afterTrailer = reader.TryRead(arguments);

        // Assert
        Assert.Equal(RespReadResult.NeedMoreData, beforeTrailer);
        Assert.Equal(RespReadResult.Command, afterTrailer);
        Assert.Equal(["PING"], arguments.Select(a => Text(a.Span)));
    }

    [Fact]
    public void Should_return_need_more_data_when_an_empty_chunk_is_fed()
    {
        // Arrange
        var reader = new RespRequestReader(RespLimits.Default);
        var arguments = new List<ReadOnlyMemory<byte>>();
        reader.Feed(Array.Empty<byte>());

        // Act
        var result = reader.TryRead(arguments);

        // Assert
        Assert.Equal(RespReadResult.NeedMoreData, result);
        Assert.Equal(0, reader.BufferedBytes);
    }

    [Fact]
    public void Should_throw_when_a_chunk_is_fed_before_the_previous_one_is_read_to_its_end()
    {
        // Arrange
        var reader = new RespRequestReader(RespLimits.Default);
        var arguments = new List<ReadOnlyMemory<byte>>();
        reader.Feed(Bytes("PING\r\nPING\r\n"));
        Assert.Equal(RespReadResult.Command, reader.TryRead(arguments));

        // Act
        var error = Record.Exception(() => reader.Feed(Bytes("PING\r\n")));

        // Assert
        Assert.IsType<InvalidOperationException>(error);
    }
}

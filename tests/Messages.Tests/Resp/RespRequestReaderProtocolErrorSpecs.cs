using ActorRooms.Protocol.Resp;
using static ActorRooms.Protocol.Tests.Resp.ReaderHarness;

namespace ActorRooms.Protocol.Tests.Resp;

/// <summary>
/// Malformed requests get Redis's protocol error text (networking.c, checked against redis-server 7.0.15),
/// whatever the chunking. Limits are <see cref="ReaderHarness.SmallLimits"/>: bulks ≤ 100, lines ≤ 64, ≤ 8 arguments.
/// </summary>
public sealed class RespRequestReaderProtocolErrorSpecs
{
    private static readonly string Digits64 = new('1', 64);

    public static TheoryData<string, string> MalformedStreams => new()
    {
        { "*abc\r\n", "invalid multibulk length" },
        { "*\r\n", "invalid multibulk length" },
        { "*01\r\n", "invalid multibulk length" },
        { "*+5\r\n", "invalid multibulk length" },
        { "*-0\r\n", "invalid multibulk length" },
        { "* 1\r\n", "invalid multibulk length" },
        { "*9\r\n", "invalid multibulk length" },
        { "*1\r\nx\r\n", "expected '$', got 'x'" },
        { "*2\r\n$4\r\nECHO\r\n:5\r\n", "expected '$', got ':'" },
        { "*1\r\n\r\n", "expected '$', got ' '" },
        { "*1\r\n\n$4\r\n", "expected '$', got ' '" },
        { "*1\r\n$-1\r\n", "invalid bulk length" },
        { "*1\r\n$abc\r\n", "invalid bulk length" },
        { "*1\r\n$01\r\n", "invalid bulk length" },
        { "*1\r\n$+1\r\n", "invalid bulk length" },
        { "*1\r\n$\r\n", "invalid bulk length" },
        { "*1\r\n$101\r\n", "invalid bulk length" },
        { "*1\r\n$99999999999999999999\r\n", "invalid bulk length" },
        { "*" + Digits64, "too big mbulk count string" },
        { "*1\r\n$" + Digits64, "too big bulk count string" },
        { "*1\r\n" + new string('x', 65), "too big bulk count string" },
        { new string('x', 65), "too big inline request" },
        { "PING\r\n" + new string(' ', 65), "too big inline request" },
        { "ECHO " + new string('x', 60) + "\r\n", "too big inline request" },
        { "ECHO \"abc\r\n", "unbalanced quotes in request" },
        { "ECHO 'abc\r\n", "unbalanced quotes in request" },
        { "ECHO \"a\"b\r\n", "unbalanced quotes in request" },
        { "ECHO 'a'b\n", "unbalanced quotes in request" },
        // An inline command is held to max-arguments (8 here) like a multibulk one.
        { "PUBSUB NUMSUB a b c d e f g\r\n", "invalid multibulk length" },
        { "PUBSUB NUMSUB a b c d e f g\n", "invalid multibulk length" },
        // max-inline-length (64) counts the text, whichever line ending follows it.
        { new string('x', 65) + "\r\n", "too big inline request" },
        { new string('x', 65) + "\n", "too big inline request" },
    };

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public void Should_accept_a_line_of_exactly_max_inline_length_whichever_line_ending_follows(string ending)
    {
        var line = "ECHO " + new string('x', 59);

        var failures = Chunkings(Bytes(line + ending))
            .Select(chunking => (chunking.Name, Outcome: Read(chunking.Chunks, SmallLimits)))
            .Where(r => r.Outcome.Commands.Count != 1 || r.Outcome.Error is not null)
            .Select(r => $"{r.Name}: {r.Outcome.Commands.Count} commands, '{r.Outcome.Error}'")
            .ToList();

        Assert.Equal(64, line.Length);
        Assert.Empty(failures);
    }

    [Fact]
    public void Should_accept_an_inline_command_of_max_arguments_when_it_is_at_the_limit()
    {
        var outcome = Read("PUBSUB NUMSUB a b c d e f\r\n", SmallLimits);

        Assert.Null(outcome.Error);
        Assert.Equal(8, outcome.Commands.Single().Length);
    }

    [Theory]
    [MemberData(nameof(MalformedStreams))]
    public void Should_report_the_redis_protocol_error_when_the_stream_is_malformed(string stream, string reason)
    {
        // Arrange
        var expected = "Protocol error: " + reason;

        // Act
        var failures = Chunkings(Bytes(stream))
            .Select(chunking => (chunking.Name, Outcome: Read(chunking.Chunks, SmallLimits)))
            .Where(r => r.Outcome.Last != RespReadResult.ProtocolError || r.Outcome.Error != expected)
            .Select(r => $"{r.Name}: {r.Outcome.CommandsJson} then {r.Outcome.Last} '{r.Outcome.Error}'")
            .ToList();

        // Assert
        Assert.Empty(failures);
    }

    [Fact]
    public void Should_yield_the_commands_before_the_error_when_a_later_command_is_malformed()
    {
        // Arrange
        var stream = "PING\r\n*1\r\n$4\r\nQUIT\r\nECHO \"a\"b\r\nPING\r\n";

        // Act
        var outcome = Read(stream, SmallLimits);

        // Assert
        Assert.Equal(Json([["PING"], ["QUIT"]]), outcome.CommandsJson);
        Assert.Equal(RespReadResult.ProtocolError, outcome.Last);
        Assert.Equal("Protocol error: unbalanced quotes in request", outcome.Error);
    }

    [Fact]
    public void Should_keep_returning_protocol_error_when_read_again_after_an_error()
    {
        // Arrange
        var reader = new RespRequestReader(SmallLimits);
        var arguments = new List<ReadOnlyMemory<byte>>();
        reader.Feed(Bytes("*1\r\nx\r\n*1\r\n$4\r\nPING\r\nPING\r\n"));
        Assert.Equal(RespReadResult.ProtocolError, reader.TryRead(arguments));

        // Act
        var again = Enumerable.Range(0, 3).Select(_ => reader.TryRead(arguments)).ToList();

        // Assert
        Assert.All(again, r => Assert.Equal(RespReadResult.ProtocolError, r));
        Assert.Empty(arguments);
        Assert.Equal("Protocol error: expected '$', got 'x'", reader.Error);
    }

    [Fact]
    public void Should_accept_the_limits_themselves_when_a_command_is_exactly_at_them()
    {
        // Arrange
        var eightArguments = Multibulk("a", "b", "c", "d", "e", "f", "g", "h");
        var hundredByteBulk = Multibulk("ECHO", new string('b', 100));
        var sixtyFourByteLine = Bytes("ECHO " + new string('x', 59) + "\n");

        // Act
        var outcome = Read([eightArguments, hundredByteBulk, sixtyFourByteLine], SmallLimits);

        // Assert
        Assert.Equal(
            Json([["a", "b", "c", "d", "e", "f", "g", "h"], ["ECHO", new string('b', 100)], ["ECHO", new string('x', 59)]]),
            outcome.CommandsJson);
        Assert.Null(outcome.Error);
    }

    [Theory]
    [InlineData("*", 63)]
    [InlineData("*1\r\n$", 63)]
    [InlineData("", 64)]
    public void Should_wait_for_more_data_when_an_unfinished_line_is_at_the_limit(string header, int digits)
    {
        // Arrange: Redis fails only when the unread bytes, counted from the '*' or '$', exceed the limit.
        var stream = header + new string('1', digits);

        // Act
        var outcome = Read(stream, SmallLimits);

        // Assert
        Assert.Equal(RespReadResult.NeedMoreData, outcome.Last);
        Assert.Null(outcome.Error);
    }

    [Theory]
    [InlineData("*", "invalid multibulk length")]
    [InlineData("*1\r\n$", "invalid bulk length")]
    public void Should_wait_for_the_newline_when_a_long_header_line_has_received_its_carriage_return(string header, string reason)
    {
        // Arrange: like Redis, a header line whose '\r' has arrived is parsed once its '\n' comes, however long.
        var reader = new RespRequestReader(SmallLimits);
        var arguments = new List<ReadOnlyMemory<byte>>();
        reader.Feed(Bytes(header + new string('1', 70) + "\r"));

        // Act
        var beforeNewline = reader.TryRead(arguments);
        reader.Feed(Bytes("\n"));
        var afterNewline = reader.TryRead(arguments);

        // Assert
        Assert.Equal(RespReadResult.NeedMoreData, beforeNewline);
        Assert.Equal(RespReadResult.ProtocolError, afterNewline);
        Assert.Equal("Protocol error: " + reason, reader.Error);
    }
}

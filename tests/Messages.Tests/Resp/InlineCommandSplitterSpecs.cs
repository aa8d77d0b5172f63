using ActorRooms.Protocol.Resp;
using static ActorRooms.Protocol.Tests.Resp.ReaderHarness;

namespace ActorRooms.Protocol.Tests.Resp;

/// <summary>Inline lines split as Redis's sdssplitargs does; every case was checked with ECHO against redis-server 7.0.15.</summary>
public sealed class InlineCommandSplitterSpecs
{
    [Theory]
    [InlineData("SUBSCRIBE a b c", "SUBSCRIBE", "a", "b", "c")]
    [InlineData("  PING  ", "PING")]
    [InlineData("ECHO\tab\t", "ECHO", "ab")]
    [InlineData("a\rb\nc", "a", "b", "c")]
    [InlineData("\v\fECHO\v\fab", "ECHO\v\fab")]
    [InlineData("ECHO foo\"bar baz\"", "ECHO", "foobar baz")]
    [InlineData("ECHO a'b c'", "ECHO", "ab c")]
    [InlineData("ECHO \"a\\x41\\n\"", "ECHO", "aA\n")]
    [InlineData("ECHO \"\\x4a\\x4A\"", "ECHO", "JJ")]
    [InlineData("ECHO \"\\x4\"", "ECHO", "x4")]
    [InlineData("ECHO \"\\xZZ\"", "ECHO", "xZZ")]
    [InlineData("ECHO \"\\x\"", "ECHO", "x")]
    [InlineData("ECHO \"\\t\\r\\b\\a\\z\"", "ECHO", "\t\r\b\az")]
    [InlineData("ECHO \"\\\"q\\\"\"", "ECHO", "\"q\"")]
    [InlineData("ECHO \"a\\\\b\"", "ECHO", "a\\b")]
    [InlineData("ECHO \"a b\"", "ECHO", "a b")]
    [InlineData("ECHO \"a\vb\"", "ECHO", "a\vb")]
    [InlineData("ECHO 'it\\'s'", "ECHO", "it's")]
    [InlineData("ECHO 'a\\nb'", "ECHO", "a\\nb")]
    [InlineData("ECHO 'a\\\\b'", "ECHO", "a\\\\b")]
    [InlineData("ECHO \"\" ''", "ECHO", "", "")]
    [InlineData("ECHO \"a\"\t", "ECHO", "a")]
    [InlineData("ECHO \"a\"\v'b'", "ECHO", "a", "b")]
    [InlineData("ECHO \xe9\xff", "ECHO", "\xe9\xff")]
    public void Should_split_into_redis_arguments_when_the_line_is_balanced(string line, params string[] expected)
    {
        // Arrange
        var arguments = new List<ReadOnlyMemory<byte>>();

        // Act
        var balanced = InlineCommandSplitter.TrySplit(Bytes(line), arguments);

        // Assert
        Assert.True(balanced);
        Assert.Equal(expected, arguments.Select(a => Text(a.Span)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n\v\f")]
    public void Should_yield_no_arguments_when_the_line_is_blank(string line)
    {
        // Arrange
        var arguments = new List<ReadOnlyMemory<byte>>();

        // Act
        var balanced = InlineCommandSplitter.TrySplit(Bytes(line), arguments);

        // Assert
        Assert.True(balanced);
        Assert.Empty(arguments);
    }

    [Theory]
    [InlineData("ECHO \"abc")]
    [InlineData("ECHO 'abc")]
    [InlineData("ECHO \"abc\\")]
    [InlineData("ECHO \"abc\\\"")]
    [InlineData("ECHO 'a\\\\'")]
    [InlineData("ECHO \"a\"b")]
    [InlineData("ECHO 'a'b")]
    [InlineData("ECHO a\"b\"c")]
    [InlineData("ECHO \"a\"'b'")]
    [InlineData("\"")]
    public void Should_report_unbalanced_quotes_when_a_quote_is_unterminated_or_followed_by_a_non_space(string line)
    {
        // Arrange
        var arguments = new List<ReadOnlyMemory<byte>>();

        // Act
        var balanced = InlineCommandSplitter.TrySplit(Bytes(line), arguments);

        // Assert
        Assert.False(balanced);
    }
}

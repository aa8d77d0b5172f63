using ActorRooms.Protocol.PubSub;

namespace ActorRooms.Protocol.Tests.PubSub;

public sealed class GlobPatternSpecs
{
    [Theory]
    [InlineData("*", "anything")]
    [InlineData("news.*", "news.art")]
    [InlineData("news.*", "news.a.b")] // no segment boundaries, unlike NATS or MQTT
    [InlineData("news.*", "news.")]
    [InlineData("h?llo", "hello")]
    [InlineData("h[ae]llo", "hallo")]
    [InlineData("h[^e]llo", "hallo")]
    [InlineData("h[a-b]llo", "hbllo")]
    [InlineData("h[b-a]llo", "hallo")] // reversed ranges are swapped
    [InlineData("h\\*llo", "h*llo")]
    [InlineData("a**b", "ab")]
    [InlineData("*.*", "a.b")]
    [InlineData("px.[A-Z]*", "px.AAPL")]
    [InlineData("abc\\", "abc\\")] // a trailing backslash is a literal
    [InlineData("[abc", "a")] // unterminated class: Redis still matches the members it read
    public void Should_match_when_redis_would(string pattern, string text) =>
        Assert.True(GlobPattern.IsMatch(pattern, text));

    [Theory]
    [InlineData("news.*", "news")]
    [InlineData("h?llo", "hllo")]
    [InlineData("h[^e]llo", "hello")]
    [InlineData("h[a-b]llo", "hcllo")]
    [InlineData("H*", "hello")] // case-sensitive
    [InlineData("h\\*llo", "hello")]
    [InlineData("a*b", "ac")]
    [InlineData("?", "")]
    [InlineData("*", "")] // Redis's loop never runs on an empty channel: PUBLISH "" reaches no pattern (checked against redis-server 7.0)
    [InlineData("[^(foo)]*", "foo")] // not "anything but foo": a class of single bytes (redis#2389)
    public void Should_not_match_when_redis_would_not(string pattern, string text) =>
        Assert.False(GlobPattern.IsMatch(pattern, text));

    [Fact]
    public void Should_give_up_quickly_when_the_pattern_is_pathological()
    {
        // "a*a*a*...b" against "aaaa..." is exponential without Redis's skip-longer rule.
        var pattern = string.Concat(Enumerable.Repeat("a*", 30)) + "b";
        var text = new string('a', 200);

        Assert.False(GlobPattern.IsMatch(pattern, text));
    }

    [Fact]
    public void Should_match_binary_bytes_when_names_are_latin1()
    {
        var pattern = "\u0000\u00ff*";
        var text = "\u0000\u00ff\u0080";

        Assert.True(GlobPattern.IsMatch(pattern, text));
    }
}

using System.Globalization;
using ActorRooms.Protocol.Resp;
using FsCheck;
using FsCheck.Fluent;
using static ActorRooms.Protocol.Tests.Resp.ReaderHarness;

namespace ActorRooms.Protocol.Tests.Resp;

/// <summary>Integers accepted exactly as Redis's string2ll accepts them: the canonical decimal form of a 64-bit value.</summary>
public sealed class RedisIntegerSpecs
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-1", -1L)]
    [InlineData("7", 7L)]
    [InlineData("123", 123L)]
    [InlineData("1000000", 1_000_000L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Should_parse_the_value_when_the_text_is_a_canonical_integer(string text, long expected)
    {
        // Act
        var parsed = RedisInteger.TryParse(Bytes(text), out var value);

        // Assert
        Assert.True(parsed);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("01")]
    [InlineData("00")]
    [InlineData("-0")]
    [InlineData("-01")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1a")]
    [InlineData("1.0")]
    [InlineData("--1")]
    [InlineData("1-")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("18446744073709551616")]
    [InlineData("99999999999999999999")]
    [InlineData("100000000000000000000")]
    [InlineData("-100000000000000000000")]
    [InlineData("000000000000000000001")]
    public void Should_reject_the_text_when_redis_would_reject_it(string text)
    {
        // Act
        var parsed = RedisInteger.TryParse(Bytes(text), out var value);

        // Assert
        Assert.False(parsed);
        Assert.Equal(0, value);
    }

    [Fact]
    public void Should_parse_back_every_value_when_it_is_formatted_in_decimal()
    {
        // Arrange
        var values = ArbMap.Default.ArbFor<long>();

        // Act
        var property = Prop.ForAll(values, v =>
            RedisInteger.TryParse(Bytes(v.ToString(CultureInfo.InvariantCulture)), out var parsed) && parsed == v);

        // Assert
        property.Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Should_accept_exactly_the_canonical_forms_when_given_arbitrary_digit_strings()
    {
        // Arrange: strings over digits, signs and a space; the oracle is "formats back to itself".
        var texts = Gen.Elements("0", "1", "9", "5", "-", "+", " ").ListOf().Resize(25).Select(string.Concat).ToArbitrary();

        // Act
        var property = Prop.ForAll(texts, text =>
        {
            var parsed = RedisInteger.TryParse(Bytes(text), out var value);
            var canonical = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var expected)
                && expected.ToString(CultureInfo.InvariantCulture) == text;
            return (parsed == canonical && (!parsed || value == expected)).Label($"'{text}': parsed {parsed} as {value}");
        });

        // Assert
        property.Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }
}

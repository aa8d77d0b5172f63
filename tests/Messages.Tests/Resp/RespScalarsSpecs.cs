using System.Text;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Protocol.Tests.Resp;

/// <summary>The one-line reply values, checked and converted apart from the reader that frames them.</summary>
public sealed class RespScalarsSpecs
{
    [Theory]
    [InlineData('+', "OK", RespValueType.SimpleString)]
    [InlineData('-', "ERR no", RespValueType.Error)]
    [InlineData(',', "-inf", RespValueType.Double)]
    [InlineData(',', "1.5e3", RespValueType.Double)]
    [InlineData('(', "-3492890328409238509324850943850943825024385", RespValueType.BigNumber)]
    public void Should_keep_the_text_when_the_line_is_a_value_of_its_type(char type, string text, RespValueType expected)
    {
        // Act
        var parsed = RespScalars.TryParse((byte)type, Encoding.ASCII.GetBytes(text), out var value, out var invalid);

        // Assert
        Assert.True(parsed);
        Assert.Null(invalid);
        Assert.Equal(expected, value.Type);
        Assert.Equal(text, Encoding.ASCII.GetString(value.Bytes.Span));
    }

    [Theory]
    [InlineData(':', "-42", RespValueType.Integer, -42L)]
    [InlineData('#', "t", RespValueType.Boolean, 1L)]
    [InlineData('#', "f", RespValueType.Boolean, 0L)]
    public void Should_convert_the_number_when_the_line_is_an_integer_or_boolean(char type, string text, RespValueType expected, long number)
    {
        // Act
        var parsed = RespScalars.TryParse((byte)type, Encoding.ASCII.GetBytes(text), out var value, out _);

        // Assert
        Assert.True(parsed);
        Assert.Equal(expected, value.Type);
        Assert.Equal(number, value.Integer);
    }

    [Theory]
    [InlineData(':', "1.0", "invalid integer")]
    [InlineData(',', "one", "invalid double")]
    [InlineData('(', "12a", "invalid big number")]
    [InlineData('(', "-", "invalid big number")]
    [InlineData('#', "true", "invalid boolean")]
    [InlineData('_', "x", "invalid null")]
    public void Should_say_why_when_the_line_is_not_a_value_of_its_type(char type, string text, string expected)
    {
        // Act
        var parsed = RespScalars.TryParse((byte)type, Encoding.ASCII.GetBytes(text), out _, out var invalid);

        // Assert
        Assert.False(parsed);
        Assert.Equal(expected, invalid);
    }

    [Theory]
    [InlineData("txt:hello", true)]
    [InlineData("txt:", true)]
    [InlineData("txt", false)]
    [InlineData("text:hi", false)]
    public void Should_require_the_format_prefix_when_a_verbatim_string_is_checked(string data, bool expected) =>
        Assert.Equal(expected, RespScalars.IsVerbatim(Encoding.ASCII.GetBytes(data)));
}

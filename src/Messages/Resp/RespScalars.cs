using System.Globalization;

namespace ActorRooms.Protocol.Resp;

/// <summary>
/// What the one-line values of a server's reply mean, once <see cref="RespReplyReader"/> has framed the line: simple
/// strings and errors as they are, integers, doubles, big numbers, booleans and nulls checked and converted, and the
/// format prefix a verbatim string must carry. Pure functions over the line's bytes (without its CRLF).
/// </summary>
public static class RespScalars
{
    /// <summary>
    /// Reads the value of a one-line type: <c>+</c> <c>-</c> <c>:</c> <c>,</c> <c>(</c> <c>#</c> <c>_</c>.
    /// False with <paramref name="invalid"/> saying why when the text is not a value of that type.
    /// </summary>
    // +<text>  -<text>  :<integer>  ,<double|inf|-inf|nan>  (<big number>  #<t|f>  _ (empty)
    public static bool TryParse(byte type, ReadOnlyMemory<byte> line, out RespValue value, out string? invalid)
    {
        var text = line.Span;
        (value, invalid) = type switch
        {
            (byte)'+' => (RespValue.Line(RespValueType.SimpleString, line), null),
            (byte)'-' => (RespValue.Line(RespValueType.Error, line), null),
            (byte)':' => RedisInteger.TryParse(text, out var integer)
                ? (RespValue.FromInteger(RespValueType.Integer, integer), null)
                : (default(RespValue), "invalid integer"),
            (byte)',' => IsDouble(text) ? (RespValue.Line(RespValueType.Double, line), null) : (default, "invalid double"),
            (byte)'(' => IsBigNumber(text) ? (RespValue.Line(RespValueType.BigNumber, line), null) : (default, "invalid big number"),
            (byte)'#' => text.Length == 1 && text[0] is (byte)'t' or (byte)'f'
                ? (RespValue.FromInteger(RespValueType.Boolean, text[0] == (byte)'t' ? 1 : 0), null)
                : (default(RespValue), "invalid boolean"),
            (byte)'_' => text.IsEmpty ? (RespValue.NullOf(RespValueType.Null), null) : (default(RespValue), "invalid null"),
            _ => (default(RespValue), $"type byte '{(char)type}' has no one-line value"),
        };
        return invalid is null;
    }

    /// <summary>True when verbatim string data starts with its three-byte format and a colon (<c>txt:</c>).</summary>
    public static bool IsVerbatim(ReadOnlySpan<byte> data) => data.Length >= 4 && data[3] == (byte)':';

    private static bool IsDouble(ReadOnlySpan<byte> text) =>
        text.SequenceEqual("inf"u8) || text.SequenceEqual("-inf"u8) || text.SequenceEqual("nan"u8)
        || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static bool IsBigNumber(ReadOnlySpan<byte> text)
    {
        var digits = !text.IsEmpty && text[0] == (byte)'-' ? text[1..] : text;
        return !digits.IsEmpty && !digits.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }
}

namespace ActorRooms.Protocol.Resp;

/// <summary>
/// Parses and formats integers exactly as Redis does, so that what Redis rejects we reject too.
/// </summary>
public static class RedisInteger
{
    // Redis's LONG_STR_SIZE: 21 bytes is already too long for a 64-bit value with its sign.
    private const int MaxDigits = 20;

    /// <summary>
    /// Redis <c>string2ll</c>: optional '-', then digits with no leading zero (except "0" itself), no '+', no spaces,
    /// no overflow. Anything else fails.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > MaxDigits)
        {
            return false;
        }

        if (text.Length == 1 && text[0] == (byte)'0')
        {
            return true;
        }

        var negative = text[0] == (byte)'-';
        var digits = negative ? text[1..] : text;
        if (digits.IsEmpty || digits[0] < (byte)'1' || digits[0] > (byte)'9')
        {
            return false;
        }

        ulong magnitude = 0;
        foreach (var b in digits)
        {
            if (b < (byte)'0' || b > (byte)'9')
            {
                return false;
            }

            var digit = (ulong)(b - (byte)'0');
            if (magnitude > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            magnitude = (magnitude * 10) + digit;
        }

        if (negative)
        {
            // -9223372036854775808 is the one magnitude that only fits when negative.
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = unchecked(-(long)magnitude);
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }
}

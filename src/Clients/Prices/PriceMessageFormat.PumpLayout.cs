using System.Globalization;

namespace ActorRooms.Clients.Prices;

/// <summary>The fast path of reading: the exact layout the pump writes, without a general JSON reader.</summary>
public static partial class PriceMessageFormat
{
    /// <summary>
    /// <c>{"symbol":"&lt;plain ASCII&gt;","price":&lt;number&gt;,"seq":&lt;integer&gt;,"ts":&lt;integer&gt;}</c> and nothing else;
    /// anything different (escapes, spaces, other order, other fields) goes to the general reader, which accepts the
    /// same values, so the fast path changes speed, not meaning.
    /// </summary>
    private static bool TryReadPumpLayout(ReadOnlySpan<byte> payload, Span<char> symbol, out PriceFields fields)
    {
        fields = default;
        var rest = payload;
        if (!Skip(ref rest, "{\"symbol\":\""u8))
        {
            return false;
        }

        var end = rest.IndexOf((byte)'"');
        if (end <= 0 || end > symbol.Length)
        {
            return false;
        }

        foreach (var b in rest[..end])
        {
            if (b is < 0x20 or >= 0x7f or (byte)'\\')
            {
                return false;
            }
        }

        for (var i = 0; i < end; i++)
        {
            symbol[i] = (char)rest[i];
        }

        rest = rest[end..];
        if (!Skip(ref rest, "\",\"price\":"u8) || !TryNumber(ref rest, out var priceText)
            || !double.TryParse(priceText, NumberStyles.Float, CultureInfo.InvariantCulture, out var price) || !double.IsFinite(price)
            || !Skip(ref rest, ",\"seq\":"u8) || !TryNumber(ref rest, out var seqText) || !TryInteger(seqText, out var seq)
            || !Skip(ref rest, ",\"ts\":"u8) || !TryNumber(ref rest, out var tsText) || !TryInteger(tsText, out var timestamp)
            || !rest.SequenceEqual("}"u8))
        {
            return false;
        }

        fields = new PriceFields(end, price, seq, timestamp);
        return true;
    }

    private static bool Skip(ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> expected)
    {
        if (!rest.StartsWith(expected))
        {
            return false;
        }

        rest = rest[expected.Length..];
        return true;
    }

    /// <summary>A JSON number: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    private static bool TryNumber(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> number)
    {
        number = default;
        var i = 0;
        if (i < rest.Length && rest[i] == (byte)'-')
        {
            i++;
        }

        if (i < rest.Length && rest[i] == (byte)'0')
        {
            i++;
        }
        else if (!Digits(rest, ref i))
        {
            return false;
        }

        if (i < rest.Length && rest[i] == (byte)'.')
        {
            i++;
            if (!Digits(rest, ref i))
            {
                return false;
            }
        }

        if (i < rest.Length && rest[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < rest.Length && rest[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (!Digits(rest, ref i))
            {
                return false;
            }
        }

        number = rest[..i];
        rest = rest[i..];
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, ref int i)
    {
        var start = i;
        while (i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9')
        {
            i++;
        }

        return i > start;
    }

    // What Utf8JsonReader.TryGetInt64 accepts: an integer literal in range (no fraction, no exponent).
    private static bool TryInteger(ReadOnlySpan<byte> number, out long value)
    {
        value = 0;
        return number.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0
            && long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}

using System.Buffers.Text;

namespace ActorRooms.Broker.Web.WebSockets;

/// <summary>
/// Reads the RESP3 values the broker itself wrote, in place, without copying: the WebSocket side decodes a
/// connection's output (whole frames, as the connection queued them) to turn each into JSON. Not a general client
/// reader: the input is trusted to be well-formed, and <see cref="Measure"/> only finds where a complete value ends.
/// </summary>
public ref struct RespCursor(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; private set; }

    public readonly bool AtEnd => Position >= _data.Length;

    /// <summary>The type byte of the next value (<c>+ - : $ * % ~ &gt; _ , # = (</c>).</summary>
    public readonly byte PeekType => _data[Position];

    /// <summary>The length of the complete value at the start of <paramref name="data"/>, or -1 when it is cut short.</summary>
    public static int Measure(ReadOnlySpan<byte> data)
    {
        var cursor = new RespCursor(data);
        return cursor.TrySkip() ? cursor.Position : -1;
    }

    /// <summary>
    /// Reads an aggregate header (<c>*N</c>, <c>&gt;N</c>, <c>~N</c>; <c>%N</c> gives N pairs) and returns N; -1 for a
    /// null aggregate.
    /// </summary>
    public long ReadCount()
    {
        var line = ReadLine();
        return Number(line[1..]);
    }

    /// <summary>Reads a string value (<c>+</c>, <c>-</c>, <c>$</c>, <c>=</c>); an empty span with <paramref name="isNull"/> for <c>$-1</c> / <c>_</c>.</summary>
    public ReadOnlySpan<byte> ReadString(out bool isNull)
    {
        isNull = false;
        var type = PeekType;
        var line = ReadLine();
        switch (type)
        {
            case (byte)'$' or (byte)'=' or (byte)'!':
                var length = Number(line[1..]);
                if (length < 0)
                {
                    isNull = true;
                    return [];
                }

                var value = _data.Slice(Position, (int)length);
                Position += (int)length + 2;
                return type == (byte)'=' && value.Length >= 4 ? value[4..] : value;
            case (byte)'_':
                isNull = true;
                return [];
            default:
                return line[1..];
        }
    }

    /// <summary>Reads an integer (<c>:</c>); a null (<c>_</c>) reads as null.</summary>
    public long? ReadInteger()
    {
        var line = ReadLine();
        return line[0] == (byte)'_' ? null : Number(line[1..]);
    }

    /// <summary>Reads any simple value's first line (for <c>,</c> doubles, <c>#</c> booleans, <c>(</c> big numbers).</summary>
    public ReadOnlySpan<byte> ReadLine()
    {
        var rest = _data[Position..];
        var end = rest.IndexOf("\r\n"u8);
        Position += end + 2;
        return rest[..end];
    }

    private bool TrySkip()
    {
        if (AtEnd)
        {
            return false;
        }

        var rest = _data[Position..];
        var end = rest.IndexOf("\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var type = rest[0];
        var header = rest[1..end];
        Position += end + 2;
        switch (type)
        {
            case (byte)'$' or (byte)'=' or (byte)'!':
                var length = Number(header);
                if (length < 0)
                {
                    return true;
                }

                if (_data.Length - Position < length + 2)
                {
                    return false;
                }

                Position += (int)length + 2;
                return true;
            case (byte)'*' or (byte)'>' or (byte)'~' or (byte)'%' or (byte)'|':
                var count = Number(header);
                if (type is (byte)'%' or (byte)'|')
                {
                    count *= 2;
                }

                for (var i = 0L; i < count; i++)
                {
                    if (!TrySkip())
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private static long Number(ReadOnlySpan<byte> digits) =>
        Utf8Parser.TryParse(digits, out long value, out var used) && used == digits.Length ? value : 0;
}

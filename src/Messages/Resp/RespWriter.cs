using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ActorRooms.Protocol.Resp;

/// <summary>
/// Writes RESP2 and RESP3 replies and pushes into an <see cref="IBufferWriter{T}"/>.
/// Each method is headed by the frame it writes; every line ends in CRLF.
/// </summary>
public static class RespWriter
{
    private const int MaxIntegerLength = 20;

    /// <summary><c>+&lt;text&gt;\r\n</c></summary>
    public static void SimpleString(IBufferWriter<byte> writer, ReadOnlySpan<byte> text) => Line(writer, (byte)'+', text);

    /// <summary>
    /// <c>-&lt;text&gt;\r\n</c> — CR and LF inside the text become spaces, as Redis does, so the frame stays one line.
    /// The text is Latin-1 (one char per byte), so client bytes quoted in an error go back exactly as they came.
    /// </summary>
    public static void Error(IBufferWriter<byte> writer, string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] is (byte)'\r' or (byte)'\n')
            {
                bytes[i] = (byte)' ';
            }
        }

        Line(writer, (byte)'-', bytes);
    }

    /// <summary><c>:&lt;n&gt;\r\n</c></summary>
    public static void Integer(IBufferWriter<byte> writer, long value) => Header(writer, (byte)':', value);

    /// <summary><c>$&lt;length&gt;\r\n&lt;bytes&gt;\r\n</c></summary>
    public static void BulkString(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        var span = writer.GetSpan(value.Length + MaxIntegerLength + 5);
        var n = WriteBulk(span, value);
        writer.Advance(n);
    }

    /// <summary>A bulk string of UTF-8 text.</summary>
    public static void BulkString(IBufferWriter<byte> writer, string value) => BulkString(writer, Encoding.UTF8.GetBytes(value));

    /// <summary>RESP2 <c>$-1\r\n</c>; RESP3 <c>_\r\n</c>.</summary>
    public static void Null(IBufferWriter<byte> writer, RespProtocol protocol) =>
        Raw(writer, protocol == RespProtocol.Resp3 ? "_\r\n"u8 : "$-1\r\n"u8);

    /// <summary>RESP2 <c>*-1\r\n</c>; RESP3 <c>_\r\n</c> (a null array, as Redis sends for unknown COMMAND INFO names).</summary>
    public static void NullArray(IBufferWriter<byte> writer, RespProtocol protocol) =>
        Raw(writer, protocol == RespProtocol.Resp3 ? "_\r\n"u8 : "*-1\r\n"u8);

    /// <summary><c>*&lt;count&gt;\r\n</c></summary>
    public static void ArrayHeader(IBufferWriter<byte> writer, int count) => Header(writer, (byte)'*', count);

    /// <summary>RESP2 <c>*&lt;count&gt;\r\n</c>; RESP3 <c>&gt;&lt;count&gt;\r\n</c> — the header of a pub/sub push.</summary>
    public static void PushHeader(IBufferWriter<byte> writer, int count, RespProtocol protocol) =>
        Header(writer, protocol == RespProtocol.Resp3 ? (byte)'>' : (byte)'*', count);

    /// <summary>RESP3 <c>%&lt;pairs&gt;\r\n</c>; RESP2 <c>*&lt;2×pairs&gt;\r\n</c> (a flat key/value array).</summary>
    public static void MapHeader(IBufferWriter<byte> writer, int pairs, RespProtocol protocol)
    {
        if (protocol == RespProtocol.Resp3)
        {
            Header(writer, (byte)'%', pairs);
        }
        else
        {
            Header(writer, (byte)'*', pairs * 2);
        }
    }

    /// <summary>RESP3 <c>~&lt;count&gt;\r\n</c>; RESP2 <c>*&lt;count&gt;\r\n</c>.</summary>
    public static void SetHeader(IBufferWriter<byte> writer, int count, RespProtocol protocol) =>
        Header(writer, protocol == RespProtocol.Resp3 ? (byte)'~' : (byte)'*', count);

    /// <summary>Pre-encoded bytes, written as they are.</summary>
    public static void Raw(IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes) => writer.Write(bytes);

    /// <summary>The number of bytes <see cref="BulkString(IBufferWriter{byte}, ReadOnlySpan{byte})"/> writes for a value of <paramref name="length"/> bytes.</summary>
    public static int BulkStringSize(int length) => 1 + DigitCount(length) + 2 + length + 2;

    /// <summary>The number of bytes of a <c>*N\r\n</c> (or <c>&gt;N\r\n</c>) header.</summary>
    public static int HeaderSize(long value) => 1 + DigitCount(value) + 2;

    /// <summary>Writes <c>$&lt;length&gt;\r\n&lt;bytes&gt;\r\n</c> into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int WriteBulk(Span<byte> destination, ReadOnlySpan<byte> value)
    {
        var n = WriteHeader(destination, (byte)'$', value.Length);
        value.CopyTo(destination[n..]);
        n += value.Length;
        destination[n++] = (byte)'\r';
        destination[n++] = (byte)'\n';
        return n;
    }

    /// <summary>Writes <c>&lt;prefix&gt;&lt;value&gt;\r\n</c> into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int WriteHeader(Span<byte> destination, byte prefix, long value)
    {
        destination[0] = prefix;
        Utf8Formatter.TryFormat(value, destination[1..], out var digits);
        destination[1 + digits] = (byte)'\r';
        destination[2 + digits] = (byte)'\n';
        return digits + 3;
    }

    private static void Header(IBufferWriter<byte> writer, byte prefix, long value)
    {
        var span = writer.GetSpan(MaxIntegerLength + 4);
        writer.Advance(WriteHeader(span, prefix, value));
    }

    private static void Line(IBufferWriter<byte> writer, byte prefix, ReadOnlySpan<byte> text)
    {
        var span = writer.GetSpan(text.Length + 3);
        span[0] = prefix;
        text.CopyTo(span[1..]);
        span[1 + text.Length] = (byte)'\r';
        span[2 + text.Length] = (byte)'\n';
        writer.Advance(text.Length + 3);
    }

    private static int DigitCount(long value)
    {
        if (value < 0)
        {
            return 1 + DigitCount(value == long.MinValue ? long.MaxValue : -value);
        }

        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }
}

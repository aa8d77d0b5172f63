using System.Buffers.Text;

namespace ActorRooms.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Finds where complete RESP2/RESP3 frames end, without interpreting them, so a test can read "exactly N replies"
/// from a socket. Knows every RESP3 type: simple (<c>+ - : _ , # (</c>), blob (<c>$ = !</c>), aggregate
/// (<c>* &gt; ~</c>), map (<c>%</c>) and attribute (<c>|</c>, which belongs to the frame after it).
/// </summary>
public static class RespFrames
{
    /// <summary>The length of the complete frame at the start of <paramref name="buffer"/>, or 0 when more bytes are needed.</summary>
    /// <exception cref="FormatException">The bytes are not RESP.</exception>
    public static int Measure(ReadOnlySpan<byte> buffer)
    {
        var position = 0;
        return TryFrame(buffer, ref position) ? position : 0;
    }

    /// <summary>The elements of one flat aggregate of blob strings (<c>*3 $7 message $1 a $1 b</c>); a null blob is null.</summary>
    /// <exception cref="FormatException">The frame is not such an aggregate.</exception>
    public static IReadOnlyList<byte[]?> BulkElements(ReadOnlySpan<byte> frame)
    {
        if (frame.Length == 0 || frame[0] is not ((byte)'*' or (byte)'>'))
        {
            throw new FormatException($"Not an array or push frame: {Resp.Show(frame)}");
        }

        var position = 1;
        var count = ReadLength(frame, ref position);
        var elements = new List<byte[]?>((int)Math.Max(0, count));
        for (var i = 0; i < count; i++)
        {
            var type = frame[position++];
            if (type == (byte)'_')
            {
                position += 2;
                elements.Add(null);
                continue;
            }

            if (type != (byte)'$')
            {
                throw new FormatException($"Element {i} is not a blob string: {Resp.Show(frame)}");
            }

            var length = ReadLength(frame, ref position);
            if (length < 0)
            {
                elements.Add(null);
                continue;
            }

            elements.Add(frame.Slice(position, (int)length).ToArray());
            position += (int)length + 2;
        }

        return elements;
    }

    private static bool TryFrame(ReadOnlySpan<byte> buffer, ref int position)
    {
        if (position >= buffer.Length)
        {
            return false;
        }

        var type = buffer[position];
        var lineEnd = buffer[position..].IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            return false;
        }

        var line = buffer.Slice(position + 1, lineEnd - 1);
        var next = position + lineEnd + 2;
        switch (type)
        {
            case (byte)'+' or (byte)'-' or (byte)':' or (byte)'_' or (byte)',' or (byte)'#' or (byte)'(':
                position = next;
                return true;
            case (byte)'$' or (byte)'=' or (byte)'!':
                var length = ParseLength(line, type);
                if (length < 0)
                {
                    position = next;
                    return true;
                }

                if (buffer.Length < next + length + 2)
                {
                    return false;
                }

                position = next + (int)length + 2;
                return true;
            case (byte)'*' or (byte)'>' or (byte)'~' or (byte)'%' or (byte)'|':
                var count = ParseLength(line, type);
                var elements = type is (byte)'%' or (byte)'|' ? count * 2 : count;
                position = next;
                for (var i = 0; i < elements; i++)
                {
                    if (!TryFrame(buffer, ref position))
                    {
                        return false;
                    }
                }

                // An attribute annotates the frame that follows it: both make one reply.
                return type != (byte)'|' || TryFrame(buffer, ref position);
            default:
                throw new FormatException($"Unexpected RESP type byte 0x{type:x2} in: {Resp.Show(buffer[position..Math.Min(buffer.Length, position + 80)])}");
        }
    }

    private static long ParseLength(ReadOnlySpan<byte> line, byte type) =>
        Utf8Parser.TryParse(line, out long value, out var consumed) && consumed == line.Length
            ? value
            : throw new FormatException($"Bad length after '{(char)type}': {Resp.Show(line)}");

    private static long ReadLength(ReadOnlySpan<byte> frame, ref int position)
    {
        var lineEnd = frame[position..].IndexOf("\r\n"u8);
        var length = ParseLength(frame.Slice(position, lineEnd), frame[position - 1]);
        position += lineEnd + 2;
        return length;
    }
}

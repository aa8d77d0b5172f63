using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Rooms;

/// <summary>
/// Parses one whole RESP2/RESP3 frame into plain values for assertions: integers as <see cref="long"/>, blob and simple
/// strings as Latin-1 <see cref="string"/>, nulls as null, arrays, pushes, sets and maps (flattened) as lists.
/// </summary>
public static class RespTree
{
    public static object? Parse(byte[] frame)
    {
        var position = 0;
        var value = Read(frame, ref position);
        return position == frame.Length ? value : throw new FormatException($"Trailing bytes after one frame: {Resp.Show(frame)}");
    }

    /// <summary>A flat push's elements (<c>roommsg</c>, <c>roomgap</c>, ...).</summary>
    public static IReadOnlyList<object?> Push(byte[] frame) =>
        Parse(frame) as List<object?> ?? throw new FormatException($"Not an aggregate: {Resp.Show(frame)}");

    /// <summary>A map reply (RESP3 map or RESP2 flat array) as a dictionary of its top-level fields.</summary>
    public static Dictionary<string, object?> Map(byte[] frame)
    {
        var items = Push(frame);
        var map = new Dictionary<string, object?>();
        for (var i = 0; i + 1 < items.Count; i += 2)
        {
            map[(string)items[i]!] = items[i + 1];
        }

        return map;
    }

    private static object? Read(byte[] frame, ref int position)
    {
        var type = frame[position];
        var lineEnd = frame.AsSpan(position).IndexOf("\r\n"u8) + position;
        var line = Encoding.Latin1.GetString(frame, position + 1, lineEnd - position - 1);
        position = lineEnd + 2;
        switch (type)
        {
            case (byte)':':
                return long.Parse(line, System.Globalization.CultureInfo.InvariantCulture);
            case (byte)'+' or (byte)'-':
                return line;
            case (byte)'_':
                return null;
            case (byte)'$':
                var length = int.Parse(line, System.Globalization.CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var text = Encoding.Latin1.GetString(frame, position, length);
                position += length + 2;
                return text;
            case (byte)'*' or (byte)'>' or (byte)'~' or (byte)'%':
                var count = int.Parse(line, System.Globalization.CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return null;
                }

                var elements = type == (byte)'%' ? count * 2 : count;
                var list = new List<object?>(elements);
                for (var i = 0; i < elements; i++)
                {
                    list.Add(Read(frame, ref position));
                }

                return list;
            default:
                throw new FormatException($"Unexpected type '{(char)type}' in {Resp.Show(frame)}");
        }
    }
}

using System.Text;

namespace ActorRooms.EndToEnd.Tests.Infrastructure;

/// <summary>Builds requests as a Redis client sends them, and shows received bytes readably.</summary>
public static class Resp
{
    /// <summary><c>*N\r\n$len\r\narg\r\n…</c> from Latin-1 arguments (every char is one byte).</summary>
    public static byte[] Command(params string[] arguments) =>
        Command(arguments.Select(a => Encoding.Latin1.GetBytes(a)).ToArray());

    /// <summary><c>*N\r\n$len\r\narg\r\n…</c> from binary arguments.</summary>
    public static byte[] Command(params byte[][] arguments)
    {
        var output = new MemoryStream();
        Write(output, $"*{arguments.Length}\r\n");
        foreach (var argument in arguments)
        {
            Write(output, $"${argument.Length}\r\n");
            output.Write(argument);
            Write(output, "\r\n");
        }

        return output.ToArray();
    }

    /// <summary>Latin-1 bytes of <paramref name="text"/>, for raw and inline requests.</summary>
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>Printable ASCII as is, CR as <c>\r</c>, LF as <c>\n</c> plus a line break, anything else as <c>\xNN</c>.</summary>
    public static string Show(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            _ = b switch
            {
                (byte)'\r' => text.Append("\\r"),
                (byte)'\n' => text.Append("\\n\n"),
                (byte)'\\' => text.Append("\\\\"),
                >= 0x20 and < 0x7f => text.Append((char)b),
                _ => text.Append($"\\x{b:x2}"),
            };
        }

        return text.ToString();
    }

    private static void Write(MemoryStream output, string text) => output.Write(Encoding.ASCII.GetBytes(text));
}

using System.Globalization;
using System.Text;
using Akka.IO;

namespace ActorRooms.Broker.Network.Monitor;

/// <summary>
/// One command as redis-server's MONITOR shows it:
/// <c>+&lt;unix seconds&gt;.&lt;microseconds&gt; [&lt;db&gt; &lt;ip:port&gt;] "name" "arg" ...\r\n</c>, each argument quoted as
/// Redis's <c>sdscatrepr</c> does (<c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\a</c>, <c>\b</c>, other
/// non-printable bytes as <c>\xHH</c>).
/// </summary>
public static class MonitorLine
{
    /// <summary>The line for <paramref name="arguments"/>; those <paramref name="redacted"/> accepts show as <c>"(redacted)"</c>.</summary>
    public static ByteString Format(DateTime utcNow, int database, string address, IReadOnlyList<ReadOnlyMemory<byte>> arguments, Func<int, bool> redacted)
    {
        var ticks = utcNow.Ticks - DateTime.UnixEpoch.Ticks;
        var text = new StringBuilder(64);
        text.Append(CultureInfo.InvariantCulture, $"+{ticks / TimeSpan.TicksPerSecond}.{ticks % TimeSpan.TicksPerSecond / 10:D6} [{database} {address}]");
        for (var i = 0; i < arguments.Count; i++)
        {
            text.Append(' ');
            Quote(text, redacted(i) ? "(redacted)"u8 : arguments[i].Span);
        }

        text.Append("\r\n");
        return ByteString.FromBytes(Encoding.Latin1.GetBytes(text.ToString()));
    }

    private static void Quote(StringBuilder text, ReadOnlySpan<byte> bytes)
    {
        text.Append('"');
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'\\':
                    text.Append(@"\\");
                    break;
                case (byte)'"':
                    text.Append("\\\"");
                    break;
                case (byte)'\n':
                    text.Append(@"\n");
                    break;
                case (byte)'\r':
                    text.Append(@"\r");
                    break;
                case (byte)'\t':
                    text.Append(@"\t");
                    break;
                case 7:
                    text.Append(@"\a");
                    break;
                case 8:
                    text.Append(@"\b");
                    break;
                default:
                    if (b is >= 0x20 and < 0x7f)
                    {
                        text.Append((char)b);
                    }
                    else
                    {
                        text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                    }

                    break;
            }
        }

        text.Append('"');
    }
}

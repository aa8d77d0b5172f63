using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorRooms.Soak;

/// <summary>One node's figures at one moment of the soak, read from its INFO and ROOM.LIST.</summary>
public sealed record SoakSample(double Minute, int Node, long RssBytes, long GcHeapBytes, long Connections, long Rooms, long Channels, long Patterns, long Delivered)
{
    public const string CsvHeader = "minute,node,rss_bytes,gc_heap_bytes,connected_clients,rooms,pubsub_channels,pubsub_patterns,total_messages_delivered";

    /// <summary>Asks node <paramref name="node"/> on <paramref name="port"/>; null if it did not answer within 5 s.</summary>
    public static async Task<SoakSample?> TakeAsync(double minute, int node, int port)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var info = Fields(await AskAsync(port, "INFO\r\n", timeout.Token));
            var list = await AskAsync(port, "ROOM.LIST\r\n", timeout.Token);
            var rooms = list.StartsWith('*') ? long.Parse(list[1..list.IndexOf('\r', StringComparison.Ordinal)], CultureInfo.InvariantCulture) : -1;
            return new SoakSample(
                minute, node, info["used_memory_rss"], info["gc_heap_size"], info["connected_clients"], rooms,
                info["pubsub_channels"], info["pubsub_patterns"], info["total_messages_delivered"]);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or KeyNotFoundException or FormatException)
        {
            return null;
        }
    }

    public string ToCsv() => string.Join(',', new object[] { Minute.ToString("F3", CultureInfo.InvariantCulture), Node, RssBytes, GcHeapBytes, Connections, Rooms, Channels, Patterns, Delivered }.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));

    private static Dictionary<string, long> Fields(string info) => info
        .Split("\r\n")
        .Select(line => line.Split(':', 2))
        .Where(kv => kv.Length == 2 && long.TryParse(kv[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        .GroupBy(kv => kv[0])
        .ToDictionary(g => g.Key, g => long.Parse(g.First()[1], CultureInfo.InvariantCulture));

    // One inline command on a fresh connection (counted in connected_clients while it is open); reads the reply's
    // first line and, for a bulk string, its body.
    private static async Task<string> AskAsync(int port, string command, CancellationToken cancel)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancel);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command), cancel);
        var received = new StringBuilder();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancel);
            if (read == 0)
            {
                throw new IOException("closed");
            }

            received.Append(Encoding.Latin1.GetString(buffer, 0, read));
            var text = received.ToString();
            var lineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                continue;
            }

            if (text[0] != '$')
            {
                return text;
            }

            var length = int.Parse(text[1..lineEnd], CultureInfo.InvariantCulture);
            if (text.Length >= lineEnd + 2 + length)
            {
                return text.Substring(lineEnd + 2, length);
            }
        }
    }
}

using System.Globalization;
using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Hardening;

/// <summary>
/// What a broker says about itself through one connection, in two independent ways: INFO's counters, and what
/// CLIENT LIST and PUBSUB compute from the connections and rooms themselves. Once a broker has settled the two agree;
/// a counter that drifted does not.
/// </summary>
public sealed record BrokerLedger(
    long ConnectedClients,
    long ListedClients,
    long PubSubChannels,
    long ListedChannels,
    long PubSubPatterns,
    long CountedPatterns,
    long OutputHeldBytes,
    long ListedOutputBytes,
    long RoomBacklogBytes)
{
    /// <summary>CLIENT LIST's lines, to show who is left when the check fails.</summary>
    public IReadOnlyList<string> Clients { get; init; } = [];

    public override string ToString() =>
        $"connected_clients {ConnectedClients} (listed {ListedClients}), pubsub_channels {PubSubChannels} (listed {ListedChannels}), " +
        $"pubsub_patterns {PubSubPatterns} (NUMPAT {CountedPatterns}), output_held_bytes {OutputHeldBytes} (omem {ListedOutputBytes}), " +
        $"room_backlog_bytes {RoomBacklogBytes}; clients:\n{string.Join('\n', Clients)}";

    /// <summary>True when every INFO counter equals what the directory and the rooms count.</summary>
    public bool Agrees =>
        ConnectedClients == ListedClients
        && PubSubChannels == ListedChannels
        && PubSubPatterns == CountedPatterns
        && OutputHeldBytes == ListedOutputBytes;

    /// <summary>Reads INFO, CLIENT LIST, PUBSUB CHANNELS and PUBSUB NUMPAT on <paramref name="query"/> (RESP2, replies on).</summary>
    public static async Task<BrokerLedger> ReadAsync(RespConnection query)
    {
        var info = await BulkAsync(query, "INFO", "everything");
        var list = (await BulkAsync(query, "CLIENT", "LIST")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await query.SendCommandAsync("PUBSUB", "CHANNELS");
        var channels = RespFrames.BulkElements(await query.ReadFrameAsync()).Count;
        await query.SendCommandAsync("PUBSUB", "NUMPAT");
        var numpat = long.Parse(Encoding.Latin1.GetString(await query.ReadFrameAsync()).Trim(':', '\r', '\n'), CultureInfo.InvariantCulture);
        return new BrokerLedger(
            Field(info, "connected_clients"),
            list.Length,
            Field(info, "pubsub_channels"),
            channels,
            Field(info, "pubsub_patterns"),
            numpat,
            Field(info, "output_held_bytes"),
            list.Sum(line => Field(line, "omem", '=')),
            Field(info, "room_backlog_bytes"))
        {
            Clients = list,
        };
    }

    // $len\r\n<text>\r\n: INFO and CLIENT LIST answer with one bulk string.
    private static async Task<string> BulkAsync(RespConnection query, params string[] command)
    {
        await query.SendCommandAsync(command);
        var frame = Encoding.Latin1.GetString(await query.ReadFrameAsync(TimeSpan.FromSeconds(10)));
        Assert.StartsWith("$", frame, StringComparison.Ordinal);
        var header = frame.IndexOf("\r\n", StringComparison.Ordinal);
        return frame.Substring(header + 2, int.Parse(frame.AsSpan(1, header - 1), CultureInfo.InvariantCulture));
    }

    // The value of "name<separator>value" among the lines (or space-separated fields) of text.
    private static long Field(string text, string name, char separator = ':')
    {
        foreach (var item in text.Split(['\r', '\n', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (item.Length > name.Length && item[name.Length] == separator && item.StartsWith(name, StringComparison.Ordinal))
            {
                return long.Parse(item.AsSpan(name.Length + 1), CultureInfo.InvariantCulture);
            }
        }

        throw new FormatException($"No {name} in: {text}");
    }
}

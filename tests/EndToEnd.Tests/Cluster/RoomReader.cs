using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// A SUBSCRIBE client of several rooms whose publishers send "1", "2", ...: records each room's sequence numbers and
/// when they arrived (UTC, to set beside a killed node's moment and the brokers' log lines).
/// </summary>
public sealed class RoomReader : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, List<(int Sequence, DateTime At)>> _received = new();
    private FrameReaderLoop? _loop;

    private RoomReader(string node) => Node = node;

    public string Node { get; }

    public static async Task<RoomReader> StartAsync(BrokerProcessNode node, IReadOnlyList<string> rooms)
    {
        var connection = await RespConnection.ConnectAsync(node.Endpoint);
        await connection.SendCommandAsync(["SUBSCRIBE", .. rooms]);
        await connection.ReadFramesAsync(rooms.Count);
        var reader = new RoomReader($"port {node.Port}");
        foreach (var room in rooms)
        {
            reader._received[room] = [];
        }

        reader._loop = new FrameReaderLoop(connection, reader.Record);
        return reader;
    }

    public bool HasReceivedFromAll(IEnumerable<string> rooms) => rooms.All(r => Sequence(r).Count > 0);

    public int Last(string room) => Sequence(room).LastOrDefault();

    public List<int> Sequence(string room)
    {
        var list = _received[room];
        lock (list)
        {
            return list.Select(r => r.Sequence).ToList();
        }
    }

    public TimeSpan LongestSilence(string room)
    {
        var list = _received[room];
        lock (list)
        {
            return list.Count < 2 ? TimeSpan.Zero : list.Zip(list.Skip(1), (a, b) => b.At - a.At).Max();
        }
    }

    /// <summary>
    /// When the room's messages came again after <paramref name="since"/>: the arrival that ended the first silence of
    /// more than <paramref name="silence"/> begun before or after it, or null if the room never fell silent that long.
    /// </summary>
    public DateTime? ResumedAfter(string room, DateTime since, TimeSpan silence)
    {
        var list = _received[room];
        lock (list)
        {
            for (var i = 1; i < list.Count; i++)
            {
                if (list[i].At > since && list[i].At - list[i - 1].At > silence)
                {
                    return list[i].At;
                }
            }

            return null;
        }
    }

    public ValueTask DisposeAsync() => _loop?.DisposeAsync() ?? ValueTask.CompletedTask;

    private void Record(byte[] frame)
    {
        var elements = RespFrames.BulkElements(frame);
        var room = Encoding.Latin1.GetString(elements[1]!);
        if (!int.TryParse(Encoding.Latin1.GetString(elements[2]!), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return; // another publisher's message (not a counter)
        }

        var list = _received[room];
        lock (list)
        {
            list.Add((sequence, DateTime.UtcNow));
        }
    }
}

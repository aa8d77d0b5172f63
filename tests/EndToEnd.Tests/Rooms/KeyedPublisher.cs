using System.Globalization;
using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Rooms;

/// <summary>
/// A pump-like publisher on a raw socket: ROOM.PUBLISH to one room, keys round-robin, each payload <c>key:n</c> with n
/// counting that key's messages from 1 (padded to a size), pipelined in batches and as fast as the broker answers.
/// </summary>
public sealed class KeyedPublisher(RespConnection connection, string room, int keys, int payloadSize = 0)
{
    private readonly long[] _counts = new long[keys];
    private int _next;

    public long Published { get; private set; }

    /// <summary>The last n of each key.</summary>
    public IReadOnlyDictionary<string, long> Latest =>
        Enumerable.Range(0, keys).Where(k => _counts[k] > 0).ToDictionary(Key, k => _counts[k]);

    public static string Key(int index) => $"K{index:000}";

    public static (string Key, long N) ParsePayload(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        var end = payload.IndexOf(' ', StringComparison.Ordinal);
        return (payload[..colon], long.Parse(payload[(colon + 1)..(end < 0 ? payload.Length : end)], CultureInfo.InvariantCulture));
    }

    /// <summary>Publishes one pipelined batch and reads its replies (each must be an integer).</summary>
    public async Task PublishBatchAsync(int messages)
    {
        var output = new List<byte>();
        for (var i = 0; i < messages; i++)
        {
            var key = _next;
            _next = (_next + 1) % keys;
            var payload = $"{Key(key)}:{++_counts[key]}";
            if (payload.Length < payloadSize)
            {
                payload += " " + new string('x', payloadSize - payload.Length - 1);
            }

            output.AddRange(Resp.Command("ROOM.PUBLISH", room, payload, "KEY", Key(key)));
        }

        await connection.SendAsync(output.ToArray());
        var replies = Encoding.Latin1.GetString(await connection.ReadFramesAsync(messages, TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("-", replies, StringComparison.Ordinal);
        Published += messages;
    }

    /// <summary>Publishes batches until cancelled.</summary>
    public async Task PublishUntilAsync(CancellationToken stop, int batch = 200)
    {
        while (!stop.IsCancellationRequested)
        {
            await PublishBatchAsync(batch);
        }
    }
}

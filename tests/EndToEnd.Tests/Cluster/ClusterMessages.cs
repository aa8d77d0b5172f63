using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>Reads pub/sub deliveries from a raw connection as text: one frame at a time, its kind and payload.</summary>
public static class ClusterMessages
{
    /// <summary>
    /// Opens a connection subscribed to <paramref name="channel"/> (or to the pattern, with <paramref name="pattern"/>,
    /// or to the shard channel, with <paramref name="shard"/>).
    /// </summary>
    public static async Task<RespConnection> SubscribeAsync(System.Net.IPEndPoint endpoint, string channel, bool pattern = false, bool shard = false)
    {
        var connection = await RespConnection.ConnectAsync(endpoint);
        var command = pattern ? "psubscribe" : shard ? "ssubscribe" : "subscribe";
        await connection.SendCommandAsync(command.ToUpperInvariant(), channel);
        var confirmation = Encoding.Latin1.GetString(await connection.ReadFrameAsync());
        Assert.StartsWith($"*3\r\n${command.Length}\r\n{command}\r\n", confirmation, StringComparison.Ordinal);
        return connection;
    }

    /// <summary>Reads the next delivery's payload (the last element of a message, pmessage or smessage frame).</summary>
    public static async Task<string> NextPayloadAsync(this RespConnection connection, TimeSpan timeout) =>
        (await connection.NextDeliveryAsync(timeout)).Payload;

    /// <summary>Reads the next delivery: its kind (message, pmessage, smessage) and payload.</summary>
    public static async Task<(string Kind, string Payload)> NextDeliveryAsync(this RespConnection connection, TimeSpan timeout)
    {
        var elements = RespFrames.BulkElements(await connection.ReadFrameAsync(timeout));
        var kind = Encoding.Latin1.GetString(elements[0]!);
        Assert.True(kind is "message" or "pmessage" or "smessage", $"Expected a delivery, got '{kind}'.");
        return (kind, Encoding.Latin1.GetString(elements[^1]!));
    }

    /// <summary>Reads the next <paramref name="count"/> deliveries' payloads.</summary>
    public static async Task<List<string>> ReadPayloadsAsync(this RespConnection connection, int count, TimeSpan timeout)
    {
        var payloads = new List<string>(count);
        var deadline = DateTime.UtcNow + timeout;
        while (payloads.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Received {payloads.Count} of {count} messages in {timeout}.");
            }

            payloads.Add(await connection.NextPayloadAsync(left));
        }

        return payloads;
    }
}

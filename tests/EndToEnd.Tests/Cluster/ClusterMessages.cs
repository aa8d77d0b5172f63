using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>Reads pub/sub deliveries from a raw connection as text: one frame at a time, its kind and payload.</summary>
public static class ClusterMessages
{
    /// <summary>Opens a connection subscribed to <paramref name="channel"/> (or to the pattern, with <paramref name="pattern"/>).</summary>
    public static async Task<RespConnection> SubscribeAsync(System.Net.IPEndPoint endpoint, string channel, bool pattern = false)
    {
        var connection = await RespConnection.ConnectAsync(endpoint);
        await connection.SendCommandAsync(pattern ? "PSUBSCRIBE" : "SUBSCRIBE", channel);
        var confirmation = Encoding.Latin1.GetString(await connection.ReadFrameAsync());
        Assert.StartsWith(pattern ? "*3\r\n$10\r\npsubscribe\r\n" : "*3\r\n$9\r\nsubscribe\r\n", confirmation, StringComparison.Ordinal);
        return connection;
    }

    /// <summary>Reads the next delivery's payload (the last element of a message or pmessage frame).</summary>
    public static async Task<string> NextPayloadAsync(this RespConnection connection, TimeSpan timeout)
    {
        var elements = RespFrames.BulkElements(await connection.ReadFrameAsync(timeout));
        var kind = Encoding.Latin1.GetString(elements[0]!);
        Assert.True(kind is "message" or "pmessage", $"Expected a delivery, got '{kind}'.");
        return Encoding.Latin1.GetString(elements[^1]!);
    }

    /// <summary>Reads deliveries until <paramref name="count"/> payloads that are not probes have arrived.</summary>
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

            var payload = await connection.NextPayloadAsync(left);
            if (!payload.StartsWith("probe", StringComparison.Ordinal))
            {
                payloads.Add(payload);
            }
        }

        return payloads;
    }

    /// <summary>
    /// Publishes probes through <paramref name="publisher"/> until every reader has received one: a subscription
    /// reaches the other nodes by gossip, so a test first waits for it to be visible (bounded, never a fixed sleep).
    /// </summary>
    public static async Task WaitUntilVisibleAsync(RespConnection publisher, string channel, IReadOnlyList<RespConnection> readers, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = new bool[readers.Count];
        var probe = 0;
        while (!seen.All(s => s))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Subscriptions not visible across the cluster after {timeout}: {seen.Count(s => s)} of {readers.Count} readers got a probe.");
            }

            await publisher.SendCommandAsync("PUBLISH", channel, $"probe{probe++}");
            await publisher.ReadFrameAsync();
            for (var i = 0; i < readers.Count; i++)
            {
                if (seen[i])
                {
                    continue;
                }

                try
                {
                    await readers[i].NextPayloadAsync(TimeSpan.FromMilliseconds(200));
                    seen[i] = true;
                }
                catch (TimeoutException)
                {
                    // Not visible yet; publish the next probe.
                }
            }
        }
    }
}

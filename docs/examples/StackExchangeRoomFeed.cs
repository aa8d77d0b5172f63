// A room feed with StackExchange.Redis: snapshot then live, every seq checked, through broker restarts.
// Call it from a program: await StackExchangeRoomFeed.RunAsync(6380, "prices", 3, Console.Out, CancellationToken.None);
using System.Text.Json;
using StackExchange.Redis;

namespace RoomFeedExamples;

public static class StackExchangeRoomFeed
{
    public static async Task RunAsync(int port, string room, int resp, TextWriter output, CancellationToken cancel)
    {
        // tiebreaker= : no GET probe a broker does not have; the multiplexer reconnects and subscribes again by itself.
        var protocol = resp == 3 ? "resp3" : "resp2";
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},tiebreaker=,abortConnect=false,protocol={protocol}");
        var db = redis.GetDatabase();
        long? expected = null; // the next live seq; null while a snapshot is coming

        // A queue delivers the channel's messages one at a time, in order.
        var queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal($"room:{room}?snapshot"));
        while (!cancel.IsCancellationRequested)
        {
            var m = JsonDocument.Parse((string)(await queue.ReadAsync(cancel)).Message!).RootElement;
            var seq = m.TryGetProperty("seq", out var s) ? s.GetInt64() : 0;
            switch (m.GetProperty("type").GetString())
            {
                case "joined":
                    expected = null;
                    await output.WriteLineAsync($"joined {m.GetProperty("epoch").GetInt64()} {seq}");
                    break;
                case "snapshot":
                    expected = seq + 1;
                    await output.WriteLineAsync($"snapshot {seq} {m.GetProperty("keys").GetInt64()}");
                    // The same multiplexer (in RESP3 the same connection) still runs commands.
                    await db.PingAsync();
                    await output.WriteLineAsync((string?)await db.ExecuteAsync("ECHO", "ok") == "ok" ? "ping ok" : "ping failed");
                    break;
                case "msg":
                    if (expected is { } next && seq != next)
                    {
                        await output.WriteLineAsync($"SEQUENCE ERROR expected {next} got {seq}");
                        return;
                    }

                    expected = expected is null ? null : seq + 1;
                    await output.WriteLineAsync($"{m.GetProperty("key").GetString()} {seq} {m.GetProperty("payload").GetString()}");
                    break;
                default:
                    await output.WriteLineAsync($"{m.GetProperty("type").GetString()} {m}"); // gap, conflated, exhausted, reset
                    break;
            }
        }
    }
}

using System.Diagnostics;
using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;

namespace ActorRooms.EndToEnd.Tests.Hardening;

/// <summary>
/// Thousands of subscribers that come and go, half cleanly and half by reset, leave no channel, pattern, client or
/// room behind.
/// </summary>
public sealed class ChurnSpecs(HardeningBroker broker, ITestOutputHelper output) : IClassFixture<HardeningBroker>
{
    // 2,000 connections, 100 at a time: 200 sockets each side at most, far below the fd limit of 20,000.
    private const int Connections = 2_000;
    private const int BatchSize = 100;

    // Every fourth connection also subscribes a pattern of its own.
    private const int PatternEvery = 4;

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Should_leave_no_channel_pattern_client_or_room_behind_when_thousands_of_subscribers_vanish()
    {
        var node = broker.Node;
        await using var query = await RespConnection.ConnectAsync(node.Endpoint);

        // Once it has answered, the query connection is surely counted in the baseline.
        Assert.Equal("+PONG\r\n", await QueryAsync(query, "PING"));
        var baselineClients = node.Counters.ConnectedClients;
        var stopwatch = Stopwatch.StartNew();
        var resets = 0;
        var patternsSeenWhileConnected = "";
        var roomsSeenWhileConnected = false;

        for (var first = 0; first < Connections; first += BatchSize)
        {
            var sockets = await Task.WhenAll(Enumerable.Range(first, BatchSize).Select(SubscribeAsync));
            if (first == 0)
            {
                await query.SendCommandAsync("PUBSUB", "NUMPAT");
                patternsSeenWhileConnected = Text(await query.ReadFrameAsync());
                roomsSeenWhileConnected = !await NoRoomActorsAsync();
            }

            for (var i = 0; i < sockets.Length; i++)
            {
                if ((first + i) % 2 == 0)
                {
                    sockets[i].Dispose();
                }
                else
                {
                    sockets[i].Reset();
                    resets++;
                }
            }
        }

        var churned = stopwatch.Elapsed;
        var channelsGone = await Eventually.WithinAsync(async () => await QueryAsync(query, "PUBSUB", "CHANNELS") == "*0\r\n", Settle);
        var patternsGone = await Eventually.WithinAsync(async () => await QueryAsync(query, "PUBSUB", "NUMPAT") == ":0\r\n", Settle);
        var clientsGone = await Eventually.WithinAsync(() => Task.FromResult(node.Counters.ConnectedClients == baselineClients), Settle);
        var info = await QueryAsync(query, "INFO", "stats");
        var roomsStopped = await Eventually.WithinAsync(NoRoomActorsAsync, Settle);
        var publishReached = await QueryAsync(query, "PUBLISH", "churn.1", "anyone?");
        output.WriteLine(
            $"{Connections} connections ({Connections / 2} closed, {resets} reset, {Connections / PatternEvery} with a pattern) " +
            $"churned in {churned.TotalSeconds:F1}s; settled after {stopwatch.Elapsed.TotalSeconds:F1}s; " +
            $"NUMPAT with the first batch connected: {patternsSeenWhileConnected.Trim()}; connected clients {node.Counters.ConnectedClients} (baseline {baselineClients})");

        Assert.Equal($":{BatchSize / PatternEvery}\r\n", patternsSeenWhileConnected);
        Assert.True(roomsSeenWhileConnected, "No room actor was found while subscribers were connected: the room check would prove nothing.");
        Assert.True(channelsGone, "PUBSUB CHANNELS still lists channels.");
        Assert.True(patternsGone, "PUBSUB NUMPAT is not 0.");
        Assert.True(clientsGone, $"ConnectedClients is {node.Counters.ConnectedClients}, baseline {baselineClients}.");
        Assert.Contains("pubsub_channels:0\r\n", info, StringComparison.Ordinal);
        Assert.Contains("pubsub_patterns:0\r\n", info, StringComparison.Ordinal);
        Assert.True(roomsStopped, $"Room actors are still running {HardeningBroker.RoomIdleStopAfter} after their last subscriber left.");
        Assert.Equal(":0\r\n", publishReached);
    }

    private async Task<RawSocket> SubscribeAsync(int n)
    {
        var socket = await RawSocket.ConnectAsync(broker.Node.Endpoint);
        var withPattern = n % PatternEvery == 0;
        var request = withPattern
            ? [.. Resp.Command("SUBSCRIBE", $"churn.{n}"), .. Resp.Command("PSUBSCRIBE", $"churn-pattern.{n}.*")]
            : Resp.Command("SUBSCRIBE", $"churn.{n}");
        Assert.True(await socket.TrySendAsync(request));
        var confirmations = Text(await socket.ReadFramesAsync(withPattern ? 2 : 1));
        Assert.StartsWith($"*3\r\n$9\r\nsubscribe\r\n${$"churn.{n}".Length}\r\nchurn.{n}\r\n:1\r\n", confirmations, StringComparison.Ordinal);
        return socket;
    }

    // True when the room registry has no child left (a test-only look at the actor tree: nothing else shows stopped rooms).
    private async Task<bool> NoRoomActorsAsync()
    {
        var system = broker.Node.Host.Services.GetRequiredService<ActorSystem>();
        try
        {
            await system.ActorSelection("/user/rooms/*").ResolveOne(TimeSpan.FromMilliseconds(300));
            return false;
        }
        catch (ActorNotFoundException)
        {
            return true;
        }
    }

    private static async Task<string> QueryAsync(RespConnection connection, params string[] command)
    {
        await connection.SendCommandAsync(command);
        return Text(await connection.ReadFrameAsync());
    }

    private static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}

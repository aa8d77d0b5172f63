using System.Net;
using System.Net.Sockets;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>Runs a scenario against redis-server and then against the broker, and asserts identical transcripts.</summary>
public static class DifferentialAssert
{
    /// <summary>
    /// Runs <paramref name="scenario"/> against redis-server (it must complete there: otherwise the scenario is wrong)
    /// and against the broker, and fails with both transcripts at the first differing line.
    /// </summary>
    public static async Task SameAsync(DifferentialServers servers, Func<ScenarioRun, Task> scenario)
    {
        var redis = await servers.RedisAsync();
        var (expected, redisError) = await RunAsync(redis, scenario);
        Assert.True(redisError is null, $"The scenario fails against redis-server itself ({redisError}):\n{expected}");

        var (actual, _) = await RunAsync(servers.Broker, scenario);
        TestContext.Current.TestOutputHelper?.WriteLine($"--- transcript (redis-server) ---\n{expected}");
        if (expected == actual)
        {
            return;
        }

        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        Assert.Fail(
            $"The broker differs from redis-server at transcript line {line + 1}:\n"
            + $"  redis-server: {(line < expectedLines.Length ? expectedLines[line] : "(end)")}\n"
            + $"  broker:       {(line < actualLines.Length ? actualLines[line] : "(end)")}\n\n"
            + $"--- redis-server transcript ---\n{expected}\n--- broker transcript ---\n{actual}");
    }

    private static async Task<(string Transcript, string? Error)> RunAsync(IPEndPoint endpoint, Func<ScenarioRun, Task> scenario)
    {
        await WaitUntilIdleAsync(endpoint);
        await using var run = new ScenarioRun(endpoint);
        try
        {
            await scenario(run);
            await run.FinishAsync();
            return (run.Transcript.ToString(), null);
        }
        catch (Exception e) when (e is TimeoutException or IOException or SocketException or FormatException)
        {
            var error = $"{e.GetType().Name}: {e.Message}";
            run.Transcript.Append("!! ").AppendLine(error);
            return (run.Transcript.ToString(), error);
        }
    }
    /// <summary>
    /// Waits (bounded) until the server has no channel, pattern or shard channel subscription left from an earlier scenario: a
    /// scenario that failed ends by closing its sockets, and servers forget those subscriptions asynchronously.
    /// </summary>
    private static async Task WaitUntilIdleAsync(IPEndPoint endpoint)
    {
        await using var probe = await RespConnection.ConnectAsync(endpoint);
        // Past the bound the scenario runs anyway: an idle server is what it hopes for, not what it asserts.
        await Eventually.WithinAsync(
            async () =>
            {
                await probe.SendAsync((byte[])[.. Resp.Command("PUBSUB", "NUMPAT"), .. Resp.Command("PUBSUB", "CHANNELS"), .. Resp.Command("PUBSUB", "SHARDCHANNELS")]);
                return (await probe.ReadFramesAsync(3)).AsSpan().SequenceEqual(":0\r\n*0\r\n*0\r\n"u8);
            },
            TimeSpan.FromSeconds(2));
    }
}

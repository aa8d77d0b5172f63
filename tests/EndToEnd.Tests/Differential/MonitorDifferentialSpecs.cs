using System.Text;
using System.Text.RegularExpressions;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>MONITOR against redis-server: the same lines, once the time stamp and the client's port (which differ by run) are masked.</summary>
[Collection(DifferentialCollection.Name)]
public sealed partial class MonitorDifferentialSpecs(DifferentialServers servers)
{
    [Fact]
    public async Task Should_stream_each_command_as_redis_formats_it_when_a_client_monitors()
    {
        var expected = await MonitorAsync(await servers.RedisAsync());

        var actual = await MonitorAsync(servers.Broker);

        Assert.Equal(expected, actual);
    }

    private static async Task<string> MonitorAsync(System.Net.IPEndPoint endpoint)
    {
        await using var monitor = await RespConnection.ConnectAsync(endpoint);
        await using var client = await RespConnection.ConnectAsync(endpoint);
        await monitor.SendCommandAsync("MONITOR");
        var lines = new StringBuilder(Encoding.Latin1.GetString(await monitor.ReadFrameAsync()));

        await client.SendCommandAsync("SELECT", "3");
        await client.ReadFrameAsync();
        await client.SendCommandAsync("PUBLISH", "mon \"quoted\"", "line\r\nbreak\t\\ \u0001");
        await client.ReadFrameAsync();
        await client.SendCommandAsync("AUTH", "secret");
        await client.ReadFrameAsync();
        await client.SendCommandAsync("HELLO", "2", "AUTH", "default", "secret", "SETNAME", "watched");
        await client.ReadFrameAsync();
        await client.SendCommandAsync("PING");
        await client.ReadFrameAsync();

        lines.Append(Encoding.Latin1.GetString(await monitor.ReadFramesAsync(5)));
        return Mask().Replace(lines.ToString(), "+<time> [$1 127.0.0.1:<port>]");
    }

    [GeneratedRegex(@"\+\d+\.\d{6} \[(\d+) 127\.0\.0\.1:\d+\]")]
    private static partial Regex Mask();
}

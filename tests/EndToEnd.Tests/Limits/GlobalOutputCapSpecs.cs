using System.Text;
using ActorRooms.Broker.Hosting;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using Akka.Configuration;

namespace ActorRooms.EndToEnd.Tests.Limits;

/// <summary>
/// The broker-wide output cap: several stalled subscribers, each far under its own bound, are shed together once
/// the total they hold passes the cap; a subscriber that keeps up is never the one shed and loses nothing.
/// </summary>
public sealed class GlobalOutputCapSpecs
{
    private const int GlobalCap = 2 * 1024 * 1024;

    [Fact]
    public async Task Should_shed_the_biggest_holders_and_keep_a_healthy_reader_whole_when_the_global_cap_is_passed()
    {
        var config = ConfigurationFactory.ParseString($$"""
            actor-rooms.broker {
              max-total-queued-bytes = {{GlobalCap}}
              connection { max-queued-bytes = 64m, pause-reading-above = 64k }
            }
            """).WithFallback(BrokerConfiguration.Load(port: 0));
        await using var broker = await BrokerNode.StartAsync(config);
        var stalled = new List<RespConnection>();
        for (var i = 0; i < 3; i++)
        {
            stalled.Add(await SubscribeAsync(broker, "wide"));
        }

        await using var healthy = await SubscribeAsync(broker, "wide");
        await using var publisher = await RespConnection.ConnectAsync(broker.Endpoint);
        const int messages = 12_000;
        var payload = new string('w', 1000);
        var healthyReceived = 0;
        var reading = Task.Run(async () =>
        {
            for (var expected = 0; expected < messages; expected++)
            {
                var frame = Encoding.Latin1.GetString(await healthy.ReadFrameAsync(TimeSpan.FromSeconds(30)));
                Assert.Contains($"\r\n{expected:D6}w", frame, StringComparison.Ordinal);
                Volatile.Write(ref healthyReceived, expected + 1);
            }
        });

        // 12 MB to each subscriber: the three that never read hold far more than the 2 MiB cap together (beyond what
        // their sockets' kernel buffers absorb), while each stays far under its own 64 MiB bound.
        for (var i = 0; i < messages; i += 100)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (i - Volatile.Read(ref healthyReceived) > 50 && DateTime.UtcNow < deadline && !reading.IsCompleted)
            {
                await Task.Delay(1);
            }

            await publisher.SendAsync(Enumerable.Range(i, 100).SelectMany(n => Resp.Command("PUBLISH", "wide", $"{n:D6}{payload}")).ToArray());
            await publisher.ReadFramesAsync(100, TimeSpan.FromSeconds(30));
        }

        await reading;
        foreach (var connection in stalled)
        {
            var (received, closed) = await connection.ReadUntilClosedAsync(TimeSpan.FromSeconds(30));
            Assert.True(closed);
            Assert.Contains("-ERR slow consumer: broker output cap of 2097152 bytes reached", Encoding.Latin1.GetString(received), StringComparison.Ordinal);
            await connection.DisposeAsync();
        }

        Assert.Equal(3, broker.Counters.SlowConsumerDisconnections);
    }

    private static async Task<RespConnection> SubscribeAsync(BrokerNode broker, string channel)
    {
        var client = await RespConnection.ConnectAsync(broker.Endpoint);
        await client.SendCommandAsync("SUBSCRIBE", channel);
        await client.ReadFrameAsync();
        return client;
    }
}

using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using Akka.Actor;
using Akka.IO;

namespace ActorRooms.EndToEnd.Tests.Hardening;

/// <summary>An exception inside one connection's handling closes that connection only.</summary>
public sealed class SupervisionSpecs(HardeningBroker broker) : IClassFixture<HardeningBroker>
{
    [Fact]
    public async Task Should_close_only_the_failing_connection_when_its_handling_throws()
    {
        await using var victim = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await using var bystander = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await victim.SendCommandAsync("CLIENT", "ID");
        var victimId = Encoding.Latin1.GetString(await victim.ReadFrameAsync())[1..^2];
        await bystander.SendCommandAsync("SUBSCRIBE", "still-here");
        await bystander.ReadFrameAsync();

        // Test-only: reach the victim's connection actor by its path and hand it a read it cannot process.
        var connection = await broker.Node.System.ActorSelection($"/user/tcp-listener/client-{victimId}").ResolveOne(TimeSpan.FromSeconds(5));
        connection.Tell(new Tcp.Received(null!));

        var (_, closed) = await victim.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
        await using var publisher = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await publisher.SendCommandAsync("PUBLISH", "still-here", "yes");

        Assert.True(closed);
        Assert.Equal(":1\r\n", Encoding.Latin1.GetString(await publisher.ReadFrameAsync()));
        Assert.EndsWith("$3\r\nyes\r\n", Encoding.Latin1.GetString(await bystander.ReadFrameAsync()), StringComparison.Ordinal);
    }
}

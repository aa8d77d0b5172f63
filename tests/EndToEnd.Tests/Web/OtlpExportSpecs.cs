using ActorRooms.Broker.Hosting;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using Akka.Configuration;

namespace ActorRooms.EndToEnd.Tests.Web;

/// <summary>
/// The OTLP push (<c>http.otlp-endpoint</c>) end to end: a broker pointed at a local receiver over http/protobuf, with a
/// one-second interval, sends its meter there, and the figures it sends move when messages flow.
/// </summary>
public sealed class OtlpExportSpecs
{
    private const string Published = "actorrooms.messages.published";
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Should_push_the_broker_metrics_to_the_collector_and_move_them_when_messages_flow()
    {
        await using var receiver = new OtlpReceiver();
        await using var broker = await BrokerNode.StartAsync(ConfigurationFactory.ParseString($$"""
            actor-rooms.broker.http {
              otlp-endpoint = "{{receiver.Endpoint}}"
              otlp-protocol = "http/protobuf"
              otlp-interval = 1s
            }
            """).WithFallback(BrokerConfiguration.Load(port: 0)), handleConsoleSignals: false);
        await Eventually.HoldsAsync(() => LatestPublished(receiver) is not null, ExportWait, $"an export carrying {Published}");
        var first = receiver.Exports[^1];
        var before = LatestPublished(receiver)!.Value;

        // A room is only counted once it has a member: a publish to nobody reaches no room.
        await using var reader = await WsClient.ConnectAsync(broker.HttpEndpoint!);
        await reader.SendAsync(new { op = "subscribe", room = "otlp" });
        await reader.NextAsync("subscribed");
        await using var ws = await WsClient.ConnectAsync(broker.HttpEndpoint!);
        for (var i = 0; i < 5; i++)
        {
            await ws.SendAsync(new { op = "publish", room = "otlp", payload = $"m{i}" });
            await ws.NextAsync("published");
        }

        await Eventually.HoldsAsync(() => LatestPublished(receiver) >= before + 5, ExportWait, $"an export with {Published} at {before} + 5");
        Assert.Equal("POST", first.Method);
        Assert.Equal("/v1/metrics", first.Path);
        Assert.Equal("application/x-protobuf", first.ContentType);
        Assert.All(
            new[] { "actorrooms.connections", "actorrooms.messages.delivered", "actorrooms.network.received", "actorrooms.rooms" },
            name => Assert.NotNull(OtlpMetrics.Sum(first.Body, name)));
    }

    private static double? LatestPublished(OtlpReceiver receiver) =>
        receiver.Exports.Select(export => OtlpMetrics.Sum(export.Body, Published)).LastOrDefault(sum => sum is not null);
}

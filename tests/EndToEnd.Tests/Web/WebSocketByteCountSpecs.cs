using System.Text;
using ActorRooms.Broker.Hosting;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Web;

/// <summary>
/// The byte counters (INFO's <c>total_net_input_bytes</c>/<c>total_net_output_bytes</c>, <c>actorrooms.network.*</c>)
/// count a WebSocket's bytes as they cross the socket: each JSON message with its frame header (and a client's
/// masking key), not the RESP the broker turns it into. A broker of its own, so nothing else moves its counters.
/// </summary>
public sealed class WebSocketByteCountSpecs
{
    [Fact]
    public async Task Should_count_the_websocket_frames_not_their_resp_when_a_websocket_client_publishes()
    {
        await using var broker = await BrokerNode.StartAsync(BrokerConfiguration.Load(port: 0), handleConsoleSignals: false);
        await using var ws = await WsClient.ConnectAsync(broker.HttpEndpoint!);
        var before = (In: broker.Counters.NetInputBytes, Out: broker.Counters.NetOutputBytes);
        // 5-byte payload: as RESP, "*3 $7 PUBLISH $5 bytes $5 hello" is 39 bytes and its reply ":0" 4.
        const string Publish = """{"op":"publish","room":"bytes","payload":"hello"}""";

        await ws.SendTextAsync(Publish);
        await ws.NextAsync("published");

        // A client frame under 126 bytes: 2 header bytes and a 4-byte masking key; the broker's: 2 header bytes.
        var expectedIn = before.In + Encoding.UTF8.GetByteCount(Publish) + 6;
        var expectedOut = before.Out + Encoding.UTF8.GetByteCount(ws.Log.Single()) + 2;
        await Eventually.WithinAsync(() => Task.FromResult(broker.Counters.NetOutputBytes >= expectedOut), TimeSpan.FromSeconds(5));
        Assert.Equal(expectedIn, broker.Counters.NetInputBytes);
        Assert.Equal(expectedOut, broker.Counters.NetOutputBytes);
    }
}

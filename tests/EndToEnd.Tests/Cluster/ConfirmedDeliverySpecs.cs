using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Rooms;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// "A confirmation means delivery, on any node" (DESIGN.md §7), tried the way a user meets it: subscribe to a room (or
/// a pattern) nobody has used on one broker program, and as soon as the confirmation is read, publish on another. No
/// probe, no wait for anything to spread: the very next message must arrive, every time.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class ConfirmedDeliverySpecs(ThreeBrokerProcesses cluster) : IAsyncLifetime
{
    private const int Trials = 1000;
    private const int MostLossesToReport = 5;
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);
    private readonly RespConnection[] _subscribers = new RespConnection[3];
    private readonly RespConnection[] _publishers = new RespConnection[3];

    public async ValueTask InitializeAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            _subscribers[i] = await RespConnection.ConnectAsync(cluster.Nodes[i].Endpoint);
            _publishers[i] = await RespConnection.ConnectAsync(cluster.Nodes[i].Endpoint);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _subscribers.Concat(_publishers))
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public Task Should_deliver_the_next_message_published_on_another_node_after_a_confirmed_subscribe() =>
        RunTrialsAsync(
            "SUBSCRIBE",
            room => room,
            room => room,
            frame => Assert.StartsWith("*3\r\n$9\r\nsubscribe\r\n", frame, StringComparison.Ordinal),
            (frame, payload) => Assert.EndsWith($"\r\n${payload.Length}\r\n{payload}\r\n", frame, StringComparison.Ordinal),
            "UNSUBSCRIBE");

    [Fact]
    public Task Should_deliver_the_next_message_published_on_another_node_after_a_confirmed_psubscribe_to_a_fresh_pattern() =>
        RunTrialsAsync(
            "PSUBSCRIBE",
            name => name + ".*",
            name => name + ".x",
            frame => Assert.StartsWith("*3\r\n$10\r\npsubscribe\r\n", frame, StringComparison.Ordinal),
            (frame, payload) => Assert.StartsWith("*4\r\n$8\r\npmessage\r\n", frame, StringComparison.Ordinal),
            "PUNSUBSCRIBE");

    [Fact]
    public Task Should_deliver_the_next_message_spublished_on_another_node_after_a_confirmed_ssubscribe() =>
        RunTrialsAsync(
            "SSUBSCRIBE",
            room => room,
            room => room,
            frame => Assert.StartsWith("*3\r\n$10\r\nssubscribe\r\n", frame, StringComparison.Ordinal),
            (frame, payload) => Assert.Equal($"*3\r\n$8\r\nsmessage\r\n${frame.Split("\r\n")[4].Length}\r\n{frame.Split("\r\n")[4]}\r\n${payload.Length}\r\n{payload}\r\n", frame),
            "SUNSUBSCRIBE",
            publish: "SPUBLISH");

    [Fact]
    public Task Should_deliver_the_next_message_published_on_another_node_after_a_confirmed_room_join() =>
        RunTrialsAsync(
            "ROOM.JOIN",
            room => room,
            room => room,
            frame => Assert.Equal("roomjoined", RoomPush.Parse(Encoding.Latin1.GetBytes(frame)).Kind),
            (frame, payload) =>
            {
                var message = RoomPush.Parse(Encoding.Latin1.GetBytes(frame));
                Assert.Equal(("roommsg", 1L, payload), (message.Kind, message.Seq, message.Payload));
            },
            "ROOM.LEAVE");

    [Fact]
    public Task Should_deliver_the_next_message_published_on_another_node_after_a_confirmed_room_feed_subscribe() =>
        RunTrialsAsync(
            "SUBSCRIBE",
            name => $"room:{name}",
            room => room,
            frame => Assert.StartsWith("*3\r\n$9\r\nsubscribe\r\n", frame, StringComparison.Ordinal),
            (frame, payload) =>
            {
                var message = FeedEnvelope.Parse(Encoding.Latin1.GetBytes(frame));
                Assert.Equal(("msg", 1L, payload), (message.Type, message.Seq, message.Payload));
            },
            "UNSUBSCRIBE",
            framesAfterConfirmation: 1);

    // One trial: on node s, subscribe to a fresh name and read the confirmation; at once publish on another node p;
    // the subscriber must receive that message. Every pair of nodes takes its turn.
    private async Task RunTrialsAsync(
        string subscribe,
        Func<string, string> subscription,
        Func<string, string> room,
        Action<string> assertConfirmation,
        Action<string, string> assertDelivery,
        string unsubscribe,
        string publish = "PUBLISH",
        int framesAfterConfirmation = 0)
    {
        if (subscribe == "ROOM.JOIN")
        {
            foreach (var subscriber in _subscribers)
            {
                await subscriber.SwitchToResp3Async();
            }
        }

        var output = TestContext.Current.TestOutputHelper!;
        var run = Guid.NewGuid().ToString("N")[..8];
        var lost = new List<string>();
        var clock = Stopwatch.StartNew();
        for (var trial = 0; trial < Trials && lost.Count < MostLossesToReport; trial++)
        {
            var s = trial % 3;
            var p = (s + 1 + (trial / 3 % 2)) % 3;
            var name = $"fresh.{run}.{trial.ToString(CultureInfo.InvariantCulture)}";
            var payload = $"m{trial.ToString(CultureInfo.InvariantCulture)}";

            await _subscribers[s].SendCommandAsync(subscribe, subscription(name));
            assertConfirmation(Text(await _subscribers[s].ReadFrameAsync(DeliveryTimeout)));
            for (var i = 0; i < framesAfterConfirmation; i++)
            {
                // A room feed's joined envelope: written with the confirmation, before anything published after it.
                await _subscribers[s].ReadFrameAsync(DeliveryTimeout);
            }

            await _publishers[p].SendCommandAsync(publish, room(name), payload);
            Assert.StartsWith(":", Text(await _publishers[p].ReadFrameAsync(DeliveryTimeout)), StringComparison.Ordinal);
            try
            {
                assertDelivery(Text(await _subscribers[s].ReadFrameAsync(DeliveryTimeout)), payload);
            }
            catch (TimeoutException)
            {
                lost.Add($"trial {trial}: subscribed on node {s + 1}, published on node {p + 1}");
            }

            await _subscribers[s].SendCommandAsync(unsubscribe, subscription(name));
            await _subscribers[s].ReadFrameAsync(DeliveryTimeout);
        }

        output.WriteLine($"{subscribe}: {Trials} trials in {clock.Elapsed.TotalSeconds:F1} s, {lost.Count} lost");
        Assert.True(lost.Count == 0, $"{subscribe}: messages lost after a confirmation:\n{string.Join('\n', lost)}");
    }

    private static string Text(byte[] frame) => Encoding.Latin1.GetString(frame);
}

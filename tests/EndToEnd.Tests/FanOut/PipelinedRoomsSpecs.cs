using System.Globalization;
using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.FanOut;

/// <summary>
/// A publisher that pipelines rounds over many fresh rooms without waiting for replies, so the broker reads its next
/// commands while earlier ones still wait for their rooms, and rooms become known to the connection while requests to
/// them are still on their way through the registry. Every subscriber must get its room's messages complete and in
/// order, and every reply must come back in request order with the right count.
/// </summary>
public sealed class PipelinedRoomsSpecs(BrokerFixture broker)
{
    private const int Rooms = 50;
    private const int Rounds = 120;
    private const int PayloadSize = 100;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_keep_every_room_in_order_and_every_reply_in_place_when_a_publisher_pipelines_rounds_over_fresh_rooms()
    {
        var prefix = $"pipelined.{Guid.NewGuid():N}.";
        string Room(int r) => prefix + r.ToString("D3", CultureInfo.InvariantCulture);
        var subscribers = new List<RespConnection>();
        try
        {
            // Every other room has a subscriber; the rest have none (their replies are :0, from the registry).
            for (var r = 0; r < Rooms; r += 2)
            {
                var subscriber = await RespConnection.ConnectAsync(broker.Endpoint);
                await subscriber.SendCommandAsync("SUBSCRIBE", Room(r));
                await subscriber.ReadFrameAsync();
                subscribers.Add(subscriber);
            }

            await using var publisher = await RespConnection.ConnectAsync(broker.Endpoint);
            var receiving = subscribers.Select(s => s.ReadFramesAsync(Rounds, Timeout)).ToList();
            var replying = publisher.ReadFramesAsync(Rounds * Rooms, Timeout);
            for (var round = 0; round < Rounds; round++)
            {
                // One write per round: the broker sees many reads, several of them unanswered at once.
                var payload = Encoding.ASCII.GetBytes(round.ToString("D8", CultureInfo.InvariantCulture).PadRight(PayloadSize, 'x'));
                await publisher.SendAsync(Enumerable.Range(0, Rooms).SelectMany(r => Resp.Command(Resp.Bytes("PUBLISH"), Resp.Bytes(Room(r)), payload)).ToArray());
            }

            var expectedRound = string.Concat(Enumerable.Range(0, Rooms).Select(r => r % 2 == 0 ? ":1\r\n" : ":0\r\n"));
            Assert.Equal(string.Concat(Enumerable.Repeat(expectedRound, Rounds)), Encoding.ASCII.GetString(await replying));
            var received = await Task.WhenAll(receiving);
            for (var s = 0; s < subscribers.Count; s++)
            {
                var rounds = Payloads(received[s], Room(s * 2));
                Assert.True(rounds.SequenceEqual(Enumerable.Range(0, Rounds)), $"Room {s * 2} received rounds {string.Join(",", rounds.Take(20))}...");
            }
        }
        finally
        {
            foreach (var subscriber in subscribers)
            {
                await subscriber.DisposeAsync();
            }
        }
    }

    private static List<int> Payloads(byte[] frames, string room)
    {
        var rounds = new List<int>(Rounds);
        var position = 0;
        while (position < frames.Length)
        {
            var length = RespFrames.Measure(frames.AsSpan(position));
            var elements = RespFrames.BulkElements(frames.AsSpan(position, length));
            position += length;
            Assert.Equal(room, Encoding.ASCII.GetString(elements[1]!));
            rounds.Add(int.Parse(Encoding.ASCII.GetString(elements[2]!, 0, 8), CultureInfo.InvariantCulture));
        }

        return rounds;
    }
}

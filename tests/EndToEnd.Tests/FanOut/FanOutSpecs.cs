using System.Globalization;
using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.FanOut;

/// <summary>A quick fan-out sanity check over raw sockets: nothing lost, nothing reordered, for every subscriber. No timing is asserted.</summary>
public sealed class FanOutSpecs(BrokerFixture broker)
{
    private const int Subscribers = 20;
    private const int Messages = 2_000;
    private const int PayloadSize = 128;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_deliver_every_message_in_order_to_every_subscriber_when_2000_publishes_are_pipelined()
    {
        var channel = $"fanout.{Guid.NewGuid():N}";
        var subscribers = new List<RespConnection>();
        try
        {
            for (var i = 0; i < Subscribers; i++)
            {
                subscribers.Add(await SubscribeAsync(channel, protocol: i % 2 == 0 ? 2 : 3));
            }

            await using var publisher = await RespConnection.ConnectAsync(broker.Endpoint);
            var pipeline = Enumerable.Range(0, Messages).SelectMany(i => Resp.Command(Resp.Bytes("PUBLISH"), Resp.Bytes(channel), Payload(i))).ToArray();

            var receiving = subscribers.Select(s => s.ReadFramesAsync(Messages, Timeout)).ToList();
            await publisher.SendAsync(pipeline);
            var replies = await publisher.ReadFramesAsync(Messages, Timeout);
            var received = await Task.WhenAll(receiving);

            Assert.Equal(string.Concat(Enumerable.Repeat($":{Subscribers}\r\n", Messages)), Encoding.ASCII.GetString(replies));
            for (var s = 0; s < Subscribers; s++)
            {
                var sequence = Sequence(received[s], channel);
                Assert.True(sequence.SequenceEqual(Enumerable.Range(0, Messages)), $"Subscriber {s} received {sequence.Count} messages, first out of order at index {FirstMismatch(sequence)}");
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

    private async Task<RespConnection> SubscribeAsync(string channel, int protocol)
    {
        var connection = await RespConnection.ConnectAsync(broker.Endpoint);
        if (protocol == 3)
        {
            await connection.SendCommandAsync("HELLO", "3");
            await connection.ReadFrameAsync();
        }

        await connection.SendCommandAsync("SUBSCRIBE", channel);
        await connection.ReadFrameAsync();
        return connection;
    }

    // "00000042" then filler up to 128 bytes.
    private static byte[] Payload(int sequence) =>
        Encoding.ASCII.GetBytes(sequence.ToString("D8", CultureInfo.InvariantCulture).PadRight(PayloadSize, 'x'));

    private static List<int> Sequence(byte[] frames, string channel)
    {
        var sequence = new List<int>(Messages);
        var position = 0;
        while (position < frames.Length)
        {
            var length = RespFrames.Measure(frames.AsSpan(position));
            var elements = RespFrames.BulkElements(frames.AsSpan(position, length));
            position += length;
            Assert.Equal("message", Encoding.ASCII.GetString(elements[0]!));
            Assert.Equal(channel, Encoding.ASCII.GetString(elements[1]!));
            Assert.Equal(PayloadSize, elements[2]!.Length);
            sequence.Add(int.Parse(Encoding.ASCII.GetString(elements[2]!, 0, 8), CultureInfo.InvariantCulture));
        }

        return sequence;
    }

    private static int FirstMismatch(List<int> sequence)
    {
        var i = 0;
        while (i < sequence.Count && sequence[i] == i)
        {
            i++;
        }

        return i;
    }
}

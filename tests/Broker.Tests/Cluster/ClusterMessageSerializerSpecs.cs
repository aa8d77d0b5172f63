using System.Runtime.Serialization;
using System.Text;
using ActorRooms.Broker.Cluster;
using Akka.Actor;

namespace ActorRooms.Broker.Tests.Cluster;

public sealed class ClusterMessageSerializerSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    // Every byte value in a room name: names are binary-safe in Redis, so they must survive the network too.
    private static readonly string BinaryRoom = Encoding.Latin1.GetString(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray());

    [Fact]
    public void Should_round_trip_an_owner_batch_with_a_binary_room_name()
    {
        var payloads = PayloadBatch.Pack([Encoding.ASCII.GetBytes("187.25"), Array.Empty<byte>()]);

        var back = RoundTrip(new OwnerBatch(BinaryRoom, 42, payloads));

        var batch = Assert.IsType<OwnerBatch>(back);
        Assert.Equal(BinaryRoom, batch.Room);
        Assert.Equal(42, batch.Ticket);
        Assert.Equal(payloads, batch.Payloads.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_round_trip_an_ordered_batch_for_either_topic(bool forPatterns)
    {
        var payloads = PayloadBatch.Pack([Encoding.ASCII.GetBytes("hello")]);

        var back = Assert.IsType<OrderedBatch>(RoundTrip(new OrderedBatch("px.EURUSD", payloads, forPatterns)));

        Assert.Equal("px.EURUSD", back.Room);
        Assert.Equal(forPatterns, back.ForPatterns);
        Assert.Equal("hello", Encoding.ASCII.GetString(PayloadBatch.Unpack(back.Payloads).Payloads[0].Span));
    }

    [Fact]
    public void Should_round_trip_an_owner_ack()
    {
        Assert.Equal(new OwnerAck(long.MaxValue), RoundTrip(new OwnerAck(long.MaxValue)));
    }

    [Fact]
    public void Should_refuse_an_unknown_manifest_and_a_truncated_message()
    {
        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)Sys);

        Assert.Throws<SerializationException>(() => serializer.FromBinary([0, 0, 0, 0], "no-such-manifest"));
        Assert.Throws<SerializationException>(() => serializer.FromBinary([200, 0, 0, 0, 1], serializer.Manifest(new OrderedBatch("r", Array.Empty<byte>(), false))));
    }

    private object RoundTrip(object message)
    {
        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)Sys);
        return serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));
    }
}

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
        var payloads = PackedPayloads.Pack([Encoding.ASCII.GetBytes("187.25"), Array.Empty<byte>()]);

        var back = RoundTrip(new BatchToOrder(BinaryRoom, 42, payloads));

        var batch = Assert.IsType<BatchToOrder>(back);
        Assert.Equal(BinaryRoom, batch.Room);
        Assert.Equal(42, batch.Ticket);
        Assert.Equal(payloads, batch.Payloads.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_round_trip_an_ordered_batch_for_either_topic(bool forPatterns)
    {
        var payloads = PackedPayloads.Pack([Encoding.ASCII.GetBytes("hello")]);

        var back = Assert.IsType<OrderedBatch>(RoundTrip(new OrderedBatch("px.EURUSD", payloads, forPatterns, Epoch: 99, FirstSeq: 12, TimeMs: 1_795_000_000_000)));

        Assert.Equal("px.EURUSD", back.Room);
        Assert.Equal(forPatterns, back.ForPatterns);
        Assert.Equal((99L, 12L, 1_795_000_000_000L), (back.Epoch, back.FirstSeq, back.TimeMs));
        Assert.Equal("hello", Encoding.ASCII.GetString(PackedPayloads.Unpack(back.Payloads).Payloads[0].Span));
    }

    [Fact]
    public void Should_round_trip_a_registration_and_its_answer_with_history_and_last_values()
    {
        var history = RoomEntryList.Pack([new(11, null, 5, Encoding.ASCII.GetBytes("plain")), new(12, "EUR", 6, Encoding.ASCII.GetBytes("1.08"))]);
        var lastValues = RoomEntryList.Pack([new(12, "EUR", 6, Encoding.ASCII.GetBytes("1.08"))]);

        Assert.Equal(new FollowRoom(BinaryRoom, 42, 13), RoundTrip(new FollowRoom(BinaryRoom, 42, 13)));
        var back = Assert.IsType<RoomFollowed>(RoundTrip(new RoomFollowed("px", 42, 12, history, lastValues)));

        Assert.Equal((42L, 12L), (back.Epoch, back.LastSeq));
        var entries = RoomEntryList.Unpack(back.History);
        Assert.Equal([11L, 12L], entries.Select(e => e.Seq));
        Assert.Equal([null, "EUR"], entries.Select(e => e.Key));
        Assert.Equal("1.08", Encoding.ASCII.GetString(entries[1].Payload.Span));
        Assert.Equal(6, entries[1].TimeMs);
        Assert.Equal("EUR", Assert.Single(RoomEntryList.Unpack(back.LastValues)).Key);
    }

    [Fact]
    public void Should_round_trip_the_follower_and_pattern_interest_messages_with_their_actor_references()
    {
        var node = CreateTestProbe().Ref;

        Assert.Equal(new UnfollowRoom(BinaryRoom), RoundTrip(new UnfollowRoom(BinaryRoom)));
        Assert.Equal(new FollowAgain("px"), RoundTrip(new FollowAgain("px")));
        Assert.Equal(new PatternInterestAck(77), RoundTrip(new PatternInterestAck(77)));
        Assert.Equal(new PatternInterestChanged(node, "px.*", true, 12), RoundTrip(new PatternInterestChanged(node, "px.*", true, 12)));
        Assert.Equal(new PatternInterestChanged(node, "a[b]?", false, 0), RoundTrip(new PatternInterestChanged(node, "a[b]?", false, 0)));
        var sync = Assert.IsType<PatternInterestSync>(RoundTrip(new PatternInterestSync(node, ["px.*", "", "\u00ff*"])));
        Assert.Equal(node, sync.Node);
        Assert.Equal(["px.*", "", "\u00ff*"], sync.Patterns);
    }

    [Fact]
    public void Should_round_trip_a_question_for_the_last_values_and_its_answer()
    {
        var values = RoomEntryList.Pack([new(12, "EUR", 6, Encoding.ASCII.GetBytes("1.08"))]);

        Assert.Equal(new LastValuesAsked(BinaryRoom, null), RoundTrip(new LastValuesAsked(BinaryRoom, null)));
        Assert.Equal(new LastValuesAsked("px", "EUR"), RoundTrip(new LastValuesAsked("px", "EUR")));
        var back = Assert.IsType<LastValuesAnswered>(RoundTrip(new LastValuesAnswered(42, 12, true, values)));
        Assert.Equal((42L, 12L, true), (back.Epoch, back.LastSeq, back.Known));
        Assert.Equal("1.08", Encoding.ASCII.GetString(Assert.Single(RoomEntryList.Unpack(back.Values)).Payload.Span));
        Assert.False(Assert.IsType<LastValuesAnswered>(RoundTrip(new LastValuesAnswered(1, 0, false, RoomEntryList.Pack([])))).Known);
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
        Assert.Throws<SerializationException>(() => serializer.FromBinary([1, 0, 0, 0, (byte)'r', 1, 2], serializer.Manifest(new OrderedBatch("r", Array.Empty<byte>(), false))));
    }

    private object RoundTrip(object message)
    {
        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)Sys);
        return serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));
    }
}

using ActorRooms.Broker.Cluster;
using FsCheck;
using FsCheck.Fluent;

namespace ActorRooms.Broker.Tests.Cluster;

public sealed class PackedPayloadsSpecs
{
    [Fact]
    public void Should_give_back_every_payload_in_order_when_a_packed_batch_is_unpacked()
    {
        var batches = ArbMap.Default.ArbFor<byte[][]>().Filter(b => b is not null && b.All(p => p is not null));

        var property = Prop.ForAll(batches, batch =>
        {
            var (payloads, keys) = PackedPayloads.Unpack(PackedPayloads.Pack(batch.Select(p => (ReadOnlyMemory<byte>)p).ToList()));
            return keys is null && payloads.Count == batch.Length && payloads.Zip(batch, (u, p) => u.Span.SequenceEqual(p)).All(same => same);
        });

        property.Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Should_give_back_every_key_and_payload_when_some_messages_have_keys()
    {
        var messages = ArbMap.Default.ArbFor<(string?, byte[])[]>().Filter(m => m is not null && m.All(x => x.Item2 is not null));

        var property = Prop.ForAll(messages, batch =>
        {
            // Keys are Latin-1 on the wire, like room names: one char per byte.
            var keys = batch.Select(m => m.Item1 is null ? null : new string(m.Item1.Select(c => (char)(c & 0xFF)).ToArray())).ToList();
            var (payloads, unpackedKeys) = PackedPayloads.Unpack(PackedPayloads.Pack(batch.Select(m => (ReadOnlyMemory<byte>)m.Item2).ToList(), keys));
            return unpackedKeys is not null
                && unpackedKeys.SequenceEqual(keys)
                && payloads.Zip(batch, (u, m) => u.Span.SequenceEqual(m.Item2)).All(same => same);
        });

        property.Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Should_unpack_as_slices_of_the_packed_array_without_copying()
    {
        var packed = PackedPayloads.Pack([new byte[] { 1, 2, 3 }]);

        var payload = PackedPayloads.Unpack(packed).Payloads[0];
        packed[9] = 42;

        Assert.Equal(new byte[] { 42, 2, 3 }, payload.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 1, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 0, 0, 0, 2 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0 })]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 1, 0, 0, 0, 7 })]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 5, 0, 0, 0, 7 })]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 1, 0, 0, 0, 7, 8 })]
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 0xFE, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0, 7 })]
    public void Should_refuse_bytes_that_are_not_a_packed_batch(byte[] bytes)
    {
        Assert.Throws<FormatException>(() => PackedPayloads.Unpack(bytes));
    }
}

using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Protocol.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Tests.Rooms.Delivery;

public sealed class MemberGroupSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    [Fact]
    public void Should_count_protocols_in_use_when_members_join_change_and_leave()
    {
        var group = new MemberGroup<NoInfo>();
        var a = CreateTestProbe().Ref;
        var b = CreateTestProbe().Ref;

        Assert.True(group.Set(a, RespProtocol.Resp2, default));
        Assert.True(group.Set(b, RespProtocol.Resp3, default));
        Assert.True(group.Uses(RespProtocol.Resp2));
        Assert.True(group.Uses(RespProtocol.Resp3));

        Assert.False(group.Set(a, RespProtocol.Resp3, default));
        Assert.False(group.Uses(RespProtocol.Resp2));
        Assert.True(group.Remove(b, out var removed));
        Assert.Equal(RespProtocol.Resp3, removed.Protocol);
        Assert.False(group.Remove(b, out _));
        Assert.Equal(1, group.Count);
        Assert.True(group.Uses(RespProtocol.Resp3));
    }

    [Fact]
    public async Task Should_encode_once_per_protocol_and_send_the_same_message_when_delivering()
    {
        var group = new MemberGroup<NoInfo>();
        var resp2A = CreateTestProbe();
        var resp2B = CreateTestProbe();
        var resp3 = CreateTestProbe();
        group.Set(resp2A.Ref, RespProtocol.Resp2, default);
        group.Set(resp2B.Ref, RespProtocol.Resp2, default);
        group.Set(resp3.Ref, RespProtocol.Resp3, default);
        var encoder = new CountingEncoder(new EncodeCount());

        var own = group.Deliver<CountingEncoder, Encoded>(encoder, ActorRefs.Nobody, TestActor);

        Assert.Null(own);
        var a = await resp2A.ExpectMsgAsync<Encoded>();
        var b = await resp2B.ExpectMsgAsync<Encoded>();
        var c = await resp3.ExpectMsgAsync<Encoded>();
        Assert.Same(a, b);
        Assert.Equal(RespProtocol.Resp2, a.Protocol);
        Assert.Equal(RespProtocol.Resp3, c.Protocol);
        Assert.Equal(2, encoder.Count.Calls);
    }

    [Fact]
    public async Task Should_return_the_publisher_its_own_copy_when_it_is_a_member()
    {
        var group = new MemberGroup<NoInfo>();
        var publisher = CreateTestProbe();
        var other = CreateTestProbe();
        group.Set(publisher.Ref, RespProtocol.Resp3, default);
        group.Set(other.Ref, RespProtocol.Resp3, default);

        var own = group.Deliver<CountingEncoder, Encoded>(new CountingEncoder(new EncodeCount()), publisher.Ref, TestActor);

        Assert.Same(await other.ExpectMsgAsync<Encoded>(), own);
        publisher.Tell("marker");
        await publisher.ExpectMsgAsync("marker");
    }

    [Fact]
    public void Should_encode_nothing_when_the_group_is_empty()
    {
        var count = new EncodeCount();

        var own = new MemberGroup<NoInfo>().Deliver<CountingEncoder, Encoded>(new CountingEncoder(count), ActorRefs.Nobody, TestActor);

        Assert.Null(own);
        Assert.Equal(0, count.Calls);
    }

    [Fact]
    public async Task Should_keep_every_member_once_with_its_protocol_when_the_group_grows_past_its_small_array_and_shrinks_again()
    {
        var group = new MemberGroup<int>();
        var probes = Enumerable.Range(0, 20).Select(_ => CreateTestProbe()).ToList();
        for (var i = 0; i < probes.Count; i++)
        {
            Assert.True(group.Set(probes[i].Ref, i % 2 == 0 ? RespProtocol.Resp2 : RespProtocol.Resp3, i));
        }

        Assert.False(group.Set(probes[3].Ref, RespProtocol.Resp2, 33));
        for (var i = 0; i < 17; i++)
        {
            Assert.True(group.Remove(probes[i].Ref, out _));
        }

        Assert.Equal(3, group.Count);
        Assert.True(group.TryGet(probes[19].Ref, out var last));
        Assert.Equal((RespProtocol.Resp3, 19), (last.Protocol, last.Info));
        Assert.Equal(probes.Skip(17).Select(p => p.Ref), group.Actors);
        Assert.True(group.Uses(RespProtocol.Resp2));
        Assert.True(group.Uses(RespProtocol.Resp3));
        group.Deliver<CountingEncoder, Encoded>(new CountingEncoder(new EncodeCount()), ActorRefs.Nobody, TestActor);
        Assert.Equal(RespProtocol.Resp3, (await probes[17].ExpectMsgAsync<Encoded>()).Protocol);
        Assert.Equal(RespProtocol.Resp2, (await probes[18].ExpectMsgAsync<Encoded>()).Protocol);
        Assert.Equal(RespProtocol.Resp3, (await probes[19].ExpectMsgAsync<Encoded>()).Protocol);
        // Marker: told after the delivery, from this thread, it is the removed member's next message.
        probes[0].Ref.Tell("marker");
        await probes[0].ExpectMsgAsync("marker");

        foreach (var probe in probes.Skip(17))
        {
            Assert.True(group.Remove(probe.Ref, out _));
        }

        Assert.Equal(0, group.Count);
        Assert.Empty(group.Actors);
        Assert.False(group.Uses(RespProtocol.Resp2));
    }

    private sealed record Encoded(RespProtocol Protocol);

    private sealed class EncodeCount
    {
        public int Calls { get; set; }
    }

    private readonly struct CountingEncoder(EncodeCount count) : IFrameEncoder<Encoded>
    {
        public EncodeCount Count => count;

        public Encoded Encode(RespProtocol protocol)
        {
            count.Calls++;
            return new Encoded(protocol);
        }
    }
}

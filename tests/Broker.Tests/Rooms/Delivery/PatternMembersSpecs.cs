using System.Text;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Protocol.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Tests.Rooms.Delivery;

public sealed class PatternMembersSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    private static readonly byte[] Room = Encoding.Latin1.GetBytes("px.AAPL");

    [Fact]
    public async Task Should_send_each_pattern_its_own_pmessage_frames_when_delivering()
    {
        var patterns = new PatternMembers(Room);
        var member = CreateTestProbe();
        patterns.Add(new PatternMembership("px.*", member.Ref, RespProtocol.Resp2));
        patterns.Add(new PatternMembership("*", member.Ref, RespProtocol.Resp2));
        List<OwnFrames>? own = null;

        var receivers = patterns.Deliver([Encoding.Latin1.GetBytes("1")], ActorRefs.Nobody, TestActor, ref own);

        Assert.Equal(2, receivers);
        Assert.Null(own);
        var first = await member.ExpectMsgAsync<PatternDelivery>();
        var second = await member.ExpectMsgAsync<PatternDelivery>();
        Assert.Equal(["*", "px.*"], new[] { first.Pattern, second.Pattern }.Order());
        Assert.Equal(
            "*4\r\n$8\r\npmessage\r\n$4\r\npx.*\r\n$7\r\npx.AAPL\r\n$1\r\n1\r\n",
            Encoding.Latin1.GetString((first.Pattern == "px.*" ? first : second).Frames.ToArray()));
    }

    [Fact]
    public void Should_forget_a_pattern_when_its_last_member_leaves()
    {
        var patterns = new PatternMembers(Room);
        var a = CreateTestProbe().Ref;
        var b = CreateTestProbe().Ref;
        patterns.Add(new PatternMembership("px.*", a, RespProtocol.Resp2));
        patterns.Add(new PatternMembership("px.*", b, RespProtocol.Resp3));
        patterns.Add(new PatternMembership("*", a, RespProtocol.Resp2));

        Assert.Equal(3, patterns.SubscriptionCount);
        Assert.Equal(2, patterns.DistinctMembers().Count);
        Assert.True(patterns.Remove("px.*", a));
        Assert.False(patterns.Remove("px.*", a));
        patterns.RemoveMember(b);

        Assert.Equal(1, patterns.PatternCount);
        Assert.False(patterns.Contains(b));
        Assert.True(patterns.Contains(a));
    }
}

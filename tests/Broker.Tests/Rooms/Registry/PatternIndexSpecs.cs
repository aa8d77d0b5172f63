using ActorRooms.Broker.Rooms.Registry;
using ActorRooms.Protocol.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Tests.Rooms.Registry;

public sealed class PatternIndexSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    [Fact]
    public void Should_say_a_subscriber_is_new_only_for_its_first_pattern()
    {
        var index = new PatternIndex();
        var subscriber = CreateTestProbe().Ref;

        Assert.True(index.Add("px.*", subscriber, RespProtocol.Resp2));
        Assert.False(index.Add("fx.*", subscriber, RespProtocol.Resp2));
        Assert.False(index.Add("px.*", subscriber, RespProtocol.Resp3));

        Assert.Equal(2, index.Count);
        Assert.Equal(["fx.*", "px.*"], index.PatternsOf(subscriber).Order());
    }

    [Fact]
    public void Should_find_the_subscriptions_that_match_a_room_with_their_protocols()
    {
        var index = new PatternIndex();
        var a = CreateTestProbe().Ref;
        var b = CreateTestProbe().Ref;
        index.Add("px.*", a, RespProtocol.Resp2);
        index.Add("px.*", b, RespProtocol.Resp3);
        index.Add("fx.*", a, RespProtocol.Resp2);

        var matches = index.Matching("px.AAPL");

        Assert.True(index.AnyMatches("px.AAPL"));
        Assert.False(index.AnyMatches("eq.IBM"));
        Assert.Equal(2, matches.Count);
        Assert.All(matches, m => Assert.Equal("px.*", m.Pattern));
        Assert.Contains(matches, m => m.Member.Equals(b) && m.Protocol == RespProtocol.Resp3);
    }

    [Fact]
    public void Should_say_when_a_pattern_and_a_subscriber_are_gone_when_subscriptions_are_removed()
    {
        var index = new PatternIndex();
        var a = CreateTestProbe().Ref;
        var b = CreateTestProbe().Ref;
        index.Add("px.*", a, RespProtocol.Resp2);
        index.Add("px.*", b, RespProtocol.Resp2);
        index.Add("fx.*", a, RespProtocol.Resp2);

        Assert.Equal(new PatternRemoval(true, PatternGone: false, SubscriberGone: false), index.Remove("px.*", a));
        Assert.Equal(new PatternRemoval(true, PatternGone: true, SubscriberGone: true), index.Remove("px.*", b));
        Assert.Equal(PatternRemoval.NotSubscribed, index.Remove("px.*", b));
        Assert.Equal(new PatternRemoval(true, PatternGone: true, SubscriberGone: true), index.Remove("fx.*", a));
        Assert.Equal(0, index.Count);
        Assert.False(index.Contains("fx.*"));
        Assert.Empty(index.PatternsOf(a));
    }

    [Fact]
    public void Should_change_nothing_when_an_unknown_subscription_is_removed()
    {
        var index = new PatternIndex();
        var a = CreateTestProbe().Ref;
        index.Add("px.*", a, RespProtocol.Resp2);

        Assert.Equal(PatternRemoval.NotSubscribed, index.Remove("px.*", ActorRefs.Nobody));
        Assert.Equal(PatternRemoval.NotSubscribed, index.Remove("zz", a));
        Assert.True(index.Contains("px.*"));
    }
}

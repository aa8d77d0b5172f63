using System.Text;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Protocol.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Tests.Rooms.Delivery;

public sealed class RoomMembersSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    [Fact]
    public async Task Should_count_channel_and_pattern_subscriptions_and_return_own_copies_when_fanning_out()
    {
        var members = new RoomMembers("px", TestActor);
        var publisher = CreateTestProbe();
        var channel = CreateTestProbe();
        members.JoinChannel(publisher.Ref, RespProtocol.Resp2);
        members.JoinChannel(channel.Ref, RespProtocol.Resp2);
        members.Patterns.Add(new PatternMembership("p*", publisher.Ref, RespProtocol.Resp2));
        members.Patterns.Add(new PatternMembership("*", channel.Ref, RespProtocol.Resp3));

        var (receivers, own) = members.FanOut(TestPayloads.Of("1"), publisher.Ref, toChannel: true, toPatterns: true);

        Assert.Equal(4, receivers);
        Assert.NotNull(own);
        Assert.Equal([null, "p*"], own.Select(o => o.Pattern));
        Assert.Equal("*3\r\n$7\r\nmessage\r\n$2\r\npx\r\n$1\r\n1\r\n", Encoding.Latin1.GetString(own[0].Frames.ToArray()));
        await channel.ExpectMsgAsync<RoomDelivery>();
        var pattern = await channel.ExpectMsgAsync<PatternDelivery>();
        Assert.Equal("*", pattern.Pattern);
        Assert.StartsWith(">4\r\n$8\r\npmessage\r\n", Encoding.Latin1.GetString(pattern.Frames.ToArray()));
    }

    [Fact]
    public async Task Should_skip_channel_members_when_only_patterns_are_asked_for()
    {
        var members = new RoomMembers("px", TestActor);
        var channel = CreateTestProbe();
        var pattern = CreateTestProbe();
        members.JoinChannel(channel.Ref, RespProtocol.Resp2);
        members.Patterns.Add(new PatternMembership("p?", pattern.Ref, RespProtocol.Resp2));

        var (receivers, own) = members.FanOut(TestPayloads.Of("1"), ActorRefs.Nobody, toChannel: false, toPatterns: true);

        Assert.Equal(1, receivers);
        Assert.Null(own);
        await pattern.ExpectMsgAsync<PatternDelivery>();
        channel.Tell("marker");
        await channel.ExpectMsgAsync("marker");
    }

    [Fact]
    public void Should_know_a_member_until_it_is_removed_everywhere()
    {
        var members = new RoomMembers("px", TestActor);
        var member = CreateTestProbe().Ref;
        members.JoinChannel(member, RespProtocol.Resp2);
        members.Patterns.Add(new PatternMembership("p*", member, RespProtocol.Resp2));

        Assert.True(members.HasMembers);
        Assert.Equal(2, members.LocalReceivers);
        Assert.True(members.LeaveChannel(member));
        Assert.True(members.Knows(member));
        Assert.False(members.Knows(member, ignorePatterns: true));
        Assert.False(members.HasMembers);

        Assert.False(members.RemoveEverywhere(member));
        Assert.False(members.Knows(member));
        Assert.Equal(0, members.Patterns.PatternCount);
    }
}

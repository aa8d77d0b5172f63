using System.Text;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Messages.Resp;
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

        var (receivers, own) = members.FanOut(Payloads("1"), publisher.Ref, toChannel: true, toPatterns: true);

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

        var (receivers, own) = members.FanOut(Payloads("1"), ActorRefs.Nobody, toChannel: false, toPatterns: true);

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

    [Fact]
    public async Task Should_send_feed_members_roommsg_frames_and_presence_when_they_join_and_leave()
    {
        var members = new RoomMembers("px", TestActor);
        var watcher = CreateTestProbe();
        var quiet = CreateTestProbe();
        members.Feed.Set(watcher.Ref, Join(presence: true, clientId: 1));
        members.Feed.Set(quiet.Ref, Join(presence: false, clientId: 2));
        members.Feed.TellJoined(quiet.Ref);

        var joined = await watcher.ExpectMsgAsync<RoomFeedNotice>();
        Assert.Contains("roomjoin", Encoding.Latin1.GetString(joined.Frame.ToArray()));

        var entries = new[] { new RoomEntry(1, null, 5, "a"u8.ToArray()) };
        Assert.Equal(2, members.DeliverOrdered(Payloads("a"), 9, entries));
        var delivery = await quiet.ExpectMsgAsync<RoomFeedDelivery>();
        Assert.Equal(9, delivery.Epoch);
        Assert.Same(entries, delivery.Entries);
        Assert.Same(delivery, await watcher.ExpectMsgAsync<RoomFeedDelivery>());

        Assert.True(members.Feed.Remove(quiet.Ref));
        var left = await watcher.ExpectMsgAsync<RoomFeedNotice>();
        Assert.Contains("roomleave", Encoding.Latin1.GetString(left.Frame.ToArray()));
    }

    [Fact]
    public async Task Should_tell_every_feed_member_a_reset_when_the_numbering_restarts()
    {
        var members = new RoomMembers("px", TestActor);
        var member = CreateTestProbe();
        members.Feed.Set(member.Ref, Join(presence: false, clientId: 1));

        members.Feed.TellReset(epoch: 9, lastSeq: 0);

        var reset = await member.ExpectMsgAsync<RoomFeedNotice>();
        Assert.Equal("*4\r\n$9\r\nroomreset\r\n$2\r\npx\r\n:9\r\n:0\r\n", Encoding.Latin1.GetString(reset.Frame.ToArray()));
    }

    private static JoinRoomFeed Join(bool presence, long clientId) =>
        new(1, "px", RespProtocol.Resp2, RoomJoinOptions.LiveOnly with { Presence = presence }, clientId, null);

    private static List<ReadOnlyMemory<byte>> Payloads(params string[] payloads) =>
        payloads.Select(p => (ReadOnlyMemory<byte>)Encoding.Latin1.GetBytes(p)).ToList();
}

using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Rooms.Queries;
using Akka.Actor;

namespace ActorRooms.Broker.Tests.Rooms.Queries;

public sealed class RoomAnswersSpecs
{
    [Fact]
    public void Should_answer_one_keys_last_value_or_every_key_when_asked_for_last()
    {
        var ledger = new RoomLedger(RoomFeatureSettings.Default);
        ledger.Append(["1"u8.ToArray(), "2"u8.ToArray()], ["a", "b"], 1);

        var one = RoomAnswers.Last(4, ledger, "b");
        var all = RoomAnswers.Last(5, ledger, null);
        var none = RoomAnswers.Last(6, ledger, "zz");

        Assert.Equal([2L], one.Values.Select(v => v.Seq));
        Assert.Equal(["a", "b"], all.Values.Select(v => v.Key));
        Assert.Empty(none.Values);
        Assert.Equal(2, all.LastSeq);
        Assert.Equal(ledger.Epoch, all.Epoch);
    }

    [Fact]
    public void Should_list_members_by_client_id_when_asked_for_members()
    {
        var gathered = new RoomMembersGathered(new RoomMemberQuery(3, ActorRefs.Nobody, ForInfo: false), 2, [State(9), State(2)]);

        var answer = Assert.IsType<RoomMembersAnswered>(RoomAnswers.MembersOrInfo(gathered, "px", new RoomLedger(RoomFeatureSettings.Default), 1, 1, 0, 1));

        Assert.Equal(3, answer.RequestId);
        Assert.Equal([2L, 9L], answer.Members.Select(m => m.ClientId));
    }

    [Fact]
    public void Should_add_the_room_figures_when_asked_for_info()
    {
        var ledger = new RoomLedger(RoomFeatureSettings.Default);
        ledger.Append(["1"u8.ToArray()], null, 1);
        var gathered = new RoomMembersGathered(new RoomMemberQuery(3, ActorRefs.Nobody, ForInfo: true), 3, [State(2)]);

        var answer = Assert.IsType<RoomInfoAnswered>(RoomAnswers.MembersOrInfo(gathered, "px", ledger, 2, 1, 4, 1));

        Assert.Equal("px", answer.Info.Room);
        Assert.Equal(1, answer.Info.LastSeq);
        Assert.Equal((2, 1, 4, 3), (answer.Info.ChannelMembers, answer.Info.FeedMembers, answer.Info.PatternSubscribers, answer.Info.MembersAsked));
        Assert.Null(answer.Info.LatencyMicros);
    }

    private static RoomMemberState State(long clientId) => new(clientId, null, false, null, 0);
}

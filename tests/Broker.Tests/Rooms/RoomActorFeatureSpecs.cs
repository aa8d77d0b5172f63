using System.Text;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Stats;
using ActorRooms.Protocol.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Tests.Rooms;

public sealed class RoomActorFeatureSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    private static readonly TimeSpan LongIdle = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Should_send_the_last_value_of_every_key_then_the_snapshot_marker_when_joining_with_snapshot()
    {
        var room = StartRoom("px");
        room.Tell(KeyedBatch(1, ("AAPL", "a1"), ("MSFT", "m1"), ("AAPL", "a2")), TestActor);
        await ExpectMsgAsync<BatchPublished>();
        var member = CreateTestProbe();

        room.Tell(Join("px", new RoomJoinOptions(Snapshot: true, null, null, false)), member.Ref);
        var joined = await member.ExpectMsgAsync<RoomFeedJoined>();
        room.Tell(KeyedBatch(2, ("MSFT", "m2")), TestActor);
        var live = await member.ExpectMsgAsync<RoomFeedDelivery>();

        var e = joined.Epoch;
        Assert.Equal(3, joined.LastSeq);
        Assert.Equal(
            Msg(e, 2, "MSFT", "m1") + Msg(e, 3, "AAPL", "a2") + $"*5\r\n$12\r\nroomsnapshot\r\n$2\r\npx\r\n:{e}\r\n:3\r\n:2\r\n",
            WithoutTimes(Encoding.Latin1.GetString(joined.Preamble.ToArray())));
        Assert.Equal([4L], live.Entries.Select(x => x.Seq));
        Assert.Equal(Msg(e, 4, "MSFT", "m2"), WithoutTimes(Encoding.Latin1.GetString(live.Frames.ToArray())));
    }

    [Fact]
    public async Task Should_replay_from_a_seq_and_say_the_history_is_exhausted_when_it_no_longer_reaches_back()
    {
        var room = StartRoom("chat", RoomFeatureSettings.Default with { HistorySize = 3 });
        room.Tell(Batch(1, "m1", "m2", "m3", "m4", "m5"), TestActor);
        await ExpectMsgAsync<BatchPublished>();
        var fromTwo = CreateTestProbe();
        var lastTwo = CreateTestProbe();

        room.Tell(Join("chat", new RoomJoinOptions(false, From: 2, null, false)), fromTwo.Ref);
        room.Tell(Join("chat", new RoomJoinOptions(false, null, Last: 2, false)), lastTwo.Ref);
        var replayed = await fromTwo.ExpectMsgAsync<RoomFeedJoined>();
        var last = await lastTwo.ExpectMsgAsync<RoomFeedJoined>();

        var e = replayed.Epoch;
        Assert.Equal(
            $"*5\r\n$13\r\nroomexhausted\r\n$4\r\nchat\r\n:{e}\r\n:2\r\n:3\r\n" + Msg(e, 3, null, "m3") + Msg(e, 4, null, "m4") + Msg(e, 5, null, "m5"),
            WithoutTimes(Encoding.Latin1.GetString(replayed.Preamble.ToArray())));
        Assert.Equal(Msg(e, 4, null, "m4") + Msg(e, 5, null, "m5"), WithoutTimes(Encoding.Latin1.GetString(last.Preamble.ToArray())));
    }

    [Fact]
    public async Task Should_start_a_new_epoch_and_numbering_when_the_room_is_started_again_after_it_stopped()
    {
        var first = StartRoom("px");
        first.Tell(Batch(1, "before"), TestActor);
        await ExpectMsgAsync<BatchPublished>();
        var member = CreateTestProbe();
        first.Tell(Join("px", RoomJoinOptions.LiveOnly), member.Ref);
        var before = await member.ExpectMsgAsync<RoomFeedJoined>();
        await WatchAsync(first);

        Sys.Stop(first);
        await ExpectTerminatedAsync(first);
        var second = StartRoom("px");
        second.Tell(Join("px", new RoomJoinOptions(false, From: 1, null, false), afterLoss: true), member.Ref);
        var after = await member.ExpectMsgAsync<RoomFeedJoined>();

        Assert.Equal(1, before.LastSeq);
        Assert.NotEqual(before.Epoch, after.Epoch);
        Assert.Equal(0, after.LastSeq);
        Assert.Equal($"*4\r\n$9\r\nroomreset\r\n$2\r\npx\r\n:{after.Epoch}\r\n:0\r\n", Encoding.Latin1.GetString(after.Preamble.ToArray()));
    }

    [Fact]
    public async Task Should_tell_presence_members_who_joins_and_leaves_when_they_asked_for_presence()
    {
        var room = StartRoom("lobby");
        var watcher = CreateTestProbe();
        var quiet = CreateTestProbe();
        var visitor = CreateTestProbe();
        room.Tell(Join("lobby", new RoomJoinOptions(false, null, null, Presence: true)), watcher.Ref);
        room.Tell(Join("lobby", RoomJoinOptions.LiveOnly), quiet.Ref);
        await watcher.ExpectMsgAsync<RoomFeedJoined>();
        await quiet.ExpectMsgAsync<RoomFeedJoined>();
        await watcher.ExpectMsgAsync<RoomFeedNotice>();

        room.Tell(new JoinRoomFeed(5, "lobby", RespProtocol.Resp3, RoomJoinOptions.LiveOnly, 42, "alice"), visitor.Ref);
        await visitor.ExpectMsgAsync<RoomFeedJoined>();
        var joinedNotice = await watcher.ExpectMsgAsync<RoomFeedNotice>();
        Sys.Stop(visitor.Ref);
        var leftNotice = await watcher.ExpectMsgAsync<RoomFeedNotice>();

        Assert.Equal("*5\r\n$8\r\nroomjoin\r\n$5\r\nlobby\r\n:42\r\n$5\r\nalice\r\n:3\r\n", Encoding.Latin1.GetString(joinedNotice.Frame.ToArray()));
        Assert.Equal("*5\r\n$9\r\nroomleave\r\n$5\r\nlobby\r\n:42\r\n$5\r\nalice\r\n:2\r\n", Encoding.Latin1.GetString(leftNotice.Frame.ToArray()));
        // Marker: a message published after both notices is the quiet member's next message, so it got no notice.
        room.Tell(Batch(3, "after"), TestActor);
        await quiet.ExpectMsgAsync<RoomFeedDelivery>();
    }

    [Fact]
    public async Task Should_number_plain_publishes_for_feed_members_and_still_send_plain_members_the_same_bytes()
    {
        var room = StartRoom("px");
        var plain = CreateTestProbe();
        var feed = CreateTestProbe();
        room.Tell(new JoinRoom(1, "px", RespProtocol.Resp2), plain.Ref);
        await plain.ExpectMsgAsync<RoomJoined>();
        room.Tell(Join("px", RoomJoinOptions.LiveOnly), feed.Ref);
        await feed.ExpectMsgAsync<RoomFeedJoined>();

        room.Tell(Batch(3, "hello"), TestActor);

        Assert.Equal(new BatchPublished(3, 2), await ExpectMsgAsync<BatchPublished>());
        Assert.Equal("*3\r\n$7\r\nmessage\r\n$2\r\npx\r\n$5\r\nhello\r\n", Encoding.Latin1.GetString((await plain.ExpectMsgAsync<RoomDelivery>()).Frames.ToArray()));
        var delivery = await feed.ExpectMsgAsync<RoomFeedDelivery>();
        Assert.Equal(Msg(delivery.Epoch, 1, null, "hello"), WithoutTimes(Encoding.Latin1.GetString(delivery.Frames.ToArray())));
    }

    private IActorRef StartRoom(string name, RoomFeatureSettings? features = null) =>
        CreateTestProbe().ChildActorOf(RoomActor.Props(name, LongIdle, [], new BrokerCounters(), features));

    private static JoinRoomFeed Join(string room, RoomJoinOptions options, bool afterLoss = false) =>
        new(100, room, RespProtocol.Resp2, options, 7, null, afterLoss);

    private static PublishBatch Batch(long id, params string[] payloads) =>
        new(id, "ignored", payloads.Select(p => (ReadOnlyMemory<byte>)Encoding.Latin1.GetBytes(p)).ToList());

    private static PublishBatch KeyedBatch(long id, params (string Key, string Payload)[] messages) =>
        new(id, "ignored", messages.Select(m => (ReadOnlyMemory<byte>)Encoding.Latin1.GetBytes(m.Payload)).ToList(), messages.Select(m => (string?)m.Key).ToList());

    // roommsg with the server time replaced by T and the room by {room}, so expectations do not depend on the clock.
    private static string Msg(long epoch, long seq, string? key, string payload) =>
        $"*7\r\n$7\r\nroommsg\r\n{{room}}:{epoch}\r\n:{seq}\r\n{(key is null ? "$-1" : $"${key.Length}\r\n{key}")}\r\n:T\r\n${payload.Length}\r\n{payload}\r\n";

    private static string WithoutTimes(string frames) =>
        System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(frames, @"(\r\n:\d+\r\n(?:\$-1|\$\d+\r\n[^\r]*)\r\n):\d+\r\n", "$1:T\r\n"),
            @"roommsg\r\n\$\d+\r\n[^\r]*\r\n",
            "roommsg\r\n{room}");
}

using ActorRooms.Broker.Commands;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Broker.Rooms;
using Akka.IO;

namespace ActorRooms.Broker.Tests.Network.Session;

public sealed class RoomAnswersSpecs
{
    private readonly SessionHarness _harness = new();
    private readonly RoomAnswers _answers;

    public RoomAnswersSpecs() => _answers = new RoomAnswers(_harness.Session);

    [Fact]
    public void Should_complete_the_publish_replies_and_remember_the_room_when_a_room_acknowledges()
    {
        var room = new RecordingRef("room-a");
        Publish("a", "1");

        Assert.True(_answers.BatchPublished(new BatchPublished(_harness.Rooms.Last<PublishBatch>().RequestId, 4), room));

        Assert.Equal(":4\r\n", _harness.TakeReplies());
        Assert.Contains(room, _harness.Host.Watched);
        Publish("a", "2");
        Assert.Single(room.Received);
    }

    [Fact]
    public void Should_not_remember_the_registry_as_a_room_when_it_answers_for_a_room_that_does_not_exist()
    {
        Publish("a", "1");

        _answers.BatchPublished(new BatchPublished(_harness.Rooms.Last<PublishBatch>().RequestId, 0), _harness.Rooms);

        Assert.Empty(_harness.Host.Watched);
    }

    [Fact]
    public void Should_ignore_an_answer_to_nothing_pending()
    {
        Assert.False(_answers.BatchPublished(new BatchPublished(99, 1), _harness.Rooms));
        Assert.False(_answers.RoomLeft(new RoomLeft(99)));
    }

    [Fact]
    public void Should_send_the_confirmation_only_when_the_room_has_joined()
    {
        new CommandDispatcher(_harness.Session).Execute(SessionHarness.Command("subscribe", "news"));
        Assert.Equal(string.Empty, _harness.TakeReplies());

        Assert.True(_answers.RoomJoined(new RoomJoined(_harness.Rooms.Last<JoinRoom>().RequestId, "news"), new RecordingRef("room-news")));

        Assert.Equal("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n", _harness.TakeReplies());
    }

    [Fact]
    public void Should_rejoin_a_channel_when_its_room_stops()
    {
        var room = new RecordingRef("room-news");
        new CommandDispatcher(_harness.Session).Execute(SessionHarness.Command("subscribe", "news"));
        _answers.RoomJoined(new RoomJoined(_harness.Rooms.Last<JoinRoom>().RequestId, "news"), room);

        _answers.Terminated(room);

        Assert.Equal(2, _harness.Rooms.Received.OfType<JoinRoom>().Count());
    }

    [Fact]
    public void Should_write_the_preamble_after_the_join_reply_when_a_feed_joins()
    {
        _harness.Session.Client.Protocol = ActorRooms.Protocol.Resp.RespProtocol.Resp3;
        new CommandDispatcher(_harness.Session).Execute(SessionHarness.Command("room.join", "px"));
        var join = _harness.Rooms.Last<JoinRoomFeed>();

        Assert.True(_answers.RoomFeedJoined(new RoomFeedJoined(join.RequestId, "px", 1, 0, ByteString.FromString("P\r\n")), new RecordingRef("room-px")));

        Assert.EndsWith(":1\r\nP\r\n", _harness.TakeReplies(), StringComparison.Ordinal);
    }

    private void Publish(string room, string payload)
    {
        new CommandDispatcher(_harness.Session).Execute(SessionHarness.Command("publish", room, payload));
        _harness.Session.Publisher.SendAll();
    }
}

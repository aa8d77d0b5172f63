using ActorRooms.Broker.ClientDirectory;
using ActorRooms.Broker.Commands;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Security;

namespace ActorRooms.Broker.Tests.Network.Session;

public sealed class QueryAnswersSpecs
{
    private readonly SessionHarness _harness = new();
    private readonly QueryAnswers _answers;
    private readonly CommandDispatcher _dispatcher;

    public QueryAnswersSpecs()
    {
        _answers = new QueryAnswers(_harness.Session);
        _dispatcher = new CommandDispatcher(_harness.Session);
    }

    [Fact]
    public void Should_ask_the_registry_and_write_its_counts_when_numsub_is_answered()
    {
        _dispatcher.Execute(SessionHarness.Command("pubsub", "numsub", "a", "b"));
        _harness.Session.Queries.StartAtHead(_harness.Host.Self);
        var question = _harness.Rooms.Last<CountSubscribers>();

        Assert.True(_answers.Answer(new SubscribersCounted(question.RequestId, [3, 0])));

        Assert.Equal("*4\r\n$1\r\na\r\n:3\r\n$1\r\nb\r\n:0\r\n", _harness.TakeReplies());
    }

    [Fact]
    public void Should_answer_an_empty_member_list_for_members_and_null_otherwise_when_the_room_does_not_exist()
    {
        _dispatcher.Execute(SessionHarness.Command("room.members", "px"));
        _dispatcher.Execute(SessionHarness.Command("room.last", "px"));
        _harness.Session.Queries.StartAtHead(_harness.Host.Self);
        var members = _harness.Rooms.Last<QueryRoomMembers>();

        _answers.Answer(new RoomNotFound(members.RequestId));
        var membersReply = _harness.TakeReplies();
        _harness.Session.Queries.StartAtHead(_harness.Host.Self);
        _answers.Answer(new RoomNotFound(_harness.Rooms.Last<QueryRoomLast>().RequestId));

        Assert.Equal("*4\r\n$5\r\ncount\r\n:0\r\n$7\r\nmembers\r\n*0\r\n", membersReply);
        Assert.Equal("$-1\r\n", _harness.TakeReplies());
    }

    [Fact]
    public void Should_list_only_rooms_the_user_may_subscribe_to()
    {
        _harness.Session.Client.LogIn(BrokerUser.OpenDefault with { Subscribe = ["px*"] });
        _dispatcher.Execute(SessionHarness.Command("room.list"));
        _harness.Session.Queries.StartAtHead(_harness.Host.Self);

        _answers.Answer(new RoomsListed(_harness.Rooms.Last<ListRooms>().RequestId, ["news", "px.eu"]));

        Assert.Equal("*1\r\n$5\r\npx.eu\r\n", _harness.TakeReplies());
    }

    [Fact]
    public void Should_answer_ok_and_close_after_it_when_a_client_kills_itself_by_address()
    {
        _dispatcher.Execute(SessionHarness.Command("client", "kill", "127.0.0.1:50000"));
        _harness.Session.Queries.StartAtHead(_harness.Host.Self);
        var question = _harness.Clients.Last<QueryClients>();
        var self = _harness.Session.Snapshot();

        _answers.Answer(new ClientsQueried(question.RequestId, [self]));

        Assert.Equal("+OK\r\n", _harness.TakeReplies());
        Assert.Equal(1, _harness.Host.Flushes);
        Assert.Equal(1, _harness.Host.CloseRequests);
    }

    [Fact]
    public void Should_count_the_killed_clients_when_killing_by_filter()
    {
        _dispatcher.Execute(SessionHarness.Command("client", "kill", "TYPE", "pubsub"));
        _harness.Session.Queries.StartAtHead(_harness.Host.Self);

        _answers.Answer(new ClientsQueried(_harness.Clients.Last<QueryClients>().RequestId, []));

        Assert.Equal(":0\r\n", _harness.TakeReplies());
        Assert.Equal(0, _harness.Host.CloseRequests);
    }
}

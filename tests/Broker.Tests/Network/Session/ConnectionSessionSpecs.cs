using ActorRooms.Broker.Commands;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Security;

namespace ActorRooms.Broker.Tests.Network.Session;

public sealed class ConnectionSessionSpecs
{
    private readonly SessionHarness _harness = new();

    [Fact]
    public void Should_send_this_reads_batches_before_leaving_every_channel_pattern_and_feed()
    {
        var dispatcher = new CommandDispatcher(_harness.Session);
        dispatcher.Execute(SessionHarness.Command("hello", "3"));
        dispatcher.Execute(SessionHarness.Command("subscribe", "a"));
        dispatcher.Execute(SessionHarness.Command("psubscribe", "p*"));
        dispatcher.Execute(SessionHarness.Command("room.join", "r"));
        dispatcher.Execute(SessionHarness.Command("publish", "x", "1"));
        var reply = new AwaitedReply(0, suppressed: true);

        _harness.Session.LeaveAll(reply);

        var sent = _harness.Rooms.Received.Skip(3).Select(m => m.GetType().Name);
        Assert.Equal(["PublishBatch", "LeaveRoom", "UnsubscribePattern", "LeaveRoomFeed"], sent);
        Assert.Equal(3, reply.Outstanding);
        Assert.Equal(0, _harness.Session.Subscriptions.Count);
    }

    [Fact]
    public void Should_end_with_unsubscribe_frames_only_what_the_new_rules_forbid_when_users_are_reloaded()
    {
        var dispatcher = new CommandDispatcher(_harness.Session);
        dispatcher.Execute(SessionHarness.Command("subscribe", "news", "prices"));
        foreach (var join in _harness.Rooms.Received.OfType<JoinRoom>().ToList())
        {
            _harness.Session.Router.Complete(join.RequestId)!.Reply!.Outstanding--;
        }

        _harness.TakeReplies();
        var users = new UserDirectory([BrokerUser.OpenDefault with { Subscribe = ["news"] }]);
        _harness.Session.Client.LogIn(BrokerUser.OpenDefault);

        Assert.True(_harness.Session.ApplyUsers(users));

        var leave = _harness.Rooms.Last<LeaveRoom>();
        Assert.Equal("prices", leave.Room);
        _harness.Session.Router.Complete(leave.RequestId)!.Reply!.Outstanding--;
        Assert.Equal("*3\r\n$11\r\nunsubscribe\r\n$6\r\nprices\r\n:1\r\n", _harness.TakeReplies());
        Assert.Equal(0, _harness.Host.CloseRequests);
    }

    [Fact]
    public void Should_tell_the_client_and_close_when_a_reload_removes_its_user()
    {
        _harness.Session.Client.LogIn(BrokerUser.OpenDefault);

        Assert.True(_harness.Session.ApplyUsers(new UserDirectory([BrokerUser.OpenDefault with { Name = "other" }])));

        Assert.Equal("-ERR user 'default' was removed by a users reload; connection closed\r\n", _harness.TakeReplies());
        Assert.Equal(1, _harness.Host.CloseRequests);
        Assert.False(_harness.Session.Client.IsAuthenticated);
    }

    [Fact]
    public void Should_pause_the_connection_when_authentication_fails()
    {
        var users = new UserDirectory([BrokerUser.OpenDefault with { Name = "alice", PasswordSha256 = new byte[32] }]);
        var harness = new SessionHarness(users: users);

        Assert.False(harness.Session.TryAuthenticate("alice", "nope"u8, suppressed: false));

        Assert.Single(harness.Host.AuthPauses);
    }
}

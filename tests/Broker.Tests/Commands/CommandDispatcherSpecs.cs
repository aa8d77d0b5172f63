using ActorRooms.Broker.Commands;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Security;
using ActorRooms.Broker.Tests.Network;

namespace ActorRooms.Broker.Tests.Commands;

public sealed class CommandDispatcherSpecs
{
    [Fact]
    public void Should_give_every_command_and_subcommand_a_handler_when_the_table_is_built()
    {
        foreach (var command in CommandTable.Commands.Values)
        {
            Assert.True(command.Handler is not null || command.Subcommands.Count > 0, command.Name);
            Assert.All(command.Subcommands.Values, sub => Assert.NotNull(sub.Handler));
        }
    }

    [Theory]
    [InlineData("-ERR unknown command 'nope', with args beginning with: 'x' \r\n", "nope", "x")]
    [InlineData("-ERR wrong number of arguments for 'echo' command\r\n", "echo")]
    [InlineData("-ERR unknown subcommand 'what'. Try CLIENT HELP.\r\n", "client", "what")]
    [InlineData("+PONG\r\n", "PING")]
    [InlineData("$2\r\nhi\r\n", "Echo", "hi")]
    public void Should_answer_as_redis_does_when_a_command_runs(string expected, params string[] command)
    {
        var harness = new SessionHarness();

        new CommandDispatcher(harness.Session).Execute(SessionHarness.Command(command));

        Assert.Equal(expected, harness.TakeReplies());
    }

    [Fact]
    public void Should_refuse_commands_with_noauth_before_authentication_but_allow_ping()
    {
        var users = new UserDirectory([BrokerUser.OpenDefault with { Name = "alice", PasswordSha256 = new byte[32] }]);
        var harness = new SessionHarness(users: users);
        var dispatcher = new CommandDispatcher(harness.Session);

        dispatcher.Execute(SessionHarness.Command("echo", "x"));
        dispatcher.Execute(SessionHarness.Command("ping"));

        Assert.Equal("-NOAUTH Authentication required.\r\n+PONG\r\n", harness.TakeReplies());
    }

    [Theory]
    [InlineData("client|kill", "client", "kill", "user", "bob")]
    [InlineData("client|list", "client", "list")]
    [InlineData("acl|load", "acl", "load")]
    [InlineData("monitor", "monitor")]
    public void Should_refuse_and_count_an_administrators_command_when_the_user_is_not_an_administrator(string name, params string[] command)
    {
        var feed = BrokerUser.OpenDefault with { Name = "feed", Admin = false };
        var harness = new SessionHarness(users: new UserDirectory([feed]));
        harness.Session.Client.LogIn(feed);

        new CommandDispatcher(harness.Session).Execute(SessionHarness.Command(command));

        Assert.Equal($"-NOPERM User feed has no permissions to run the '{name}' command\r\n", harness.TakeReplies());
        Assert.Equal(1, harness.Counters.CommandAccessDenied);
        Assert.False(harness.Session.Queries.HasUnanswered);
    }

    [Fact]
    public void Should_refuse_and_count_a_publish_to_a_room_the_user_may_not_use()
    {
        var users = new UserDirectory([BrokerUser.OpenDefault with { Publish = ["news"] }]);
        var harness = new SessionHarness(users: users);
        harness.Session.Client.LogIn(users.Users[0]);
        var dispatcher = new CommandDispatcher(harness.Session);

        dispatcher.Execute(SessionHarness.Command("publish", "prices", "1"));

        Assert.StartsWith("-NOPERM", harness.TakeReplies(), StringComparison.Ordinal);
        Assert.Equal(1, harness.Counters.ChannelAccessDenied);
        Assert.False(harness.Session.Publisher.HasUnsent);
    }

    [Fact]
    public void Should_allow_only_subscription_commands_when_subscribed_in_resp2()
    {
        var harness = new SessionHarness();
        var dispatcher = new CommandDispatcher(harness.Session);
        dispatcher.Execute(SessionHarness.Command("subscribe", "news"));
        harness.Session.Router.Complete(harness.Rooms.Last<JoinRoom>().RequestId)!.Reply!.Outstanding--;
        harness.TakeReplies();

        dispatcher.Execute(SessionHarness.Command("echo", "x"));
        dispatcher.Execute(SessionHarness.Command("ping"));

        Assert.Equal(
            "-ERR Can't execute 'echo': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n*2\r\n$4\r\npong\r\n$0\r\n\r\n",
            harness.TakeReplies());
    }

    [Fact]
    public void Should_batch_publishes_and_drop_replies_when_replies_are_off()
    {
        var harness = new SessionHarness();
        var dispatcher = new CommandDispatcher(harness.Session);

        dispatcher.Execute(SessionHarness.Command("client", "reply", "off"));
        dispatcher.Execute(SessionHarness.Command("ping"));
        dispatcher.Execute(SessionHarness.Command("publish", "a", "1"));

        Assert.True(harness.Session.Publisher.HasUnsent);
        Assert.Equal("publish", harness.Session.Client.LastCommand);
        Assert.Equal(string.Empty, harness.TakeReplies());
    }

    [Fact]
    public void Should_ask_to_close_after_the_ok_when_the_client_quits()
    {
        var harness = new SessionHarness();

        new CommandDispatcher(harness.Session).Execute(SessionHarness.Command("quit"));

        Assert.Equal("+OK\r\n", harness.TakeReplies());
        Assert.Equal(1, harness.Host.CloseRequests);
    }
}

using ActorRooms.Broker.Hosting;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using static ActorRooms.EndToEnd.Tests.Security.SecuredBroker;

namespace ActorRooms.EndToEnd.Tests.Security;

/// <summary>
/// ACL LOAD re-reads the users from the broker's --config file: live subscriptions the new rules forbid are ended
/// with unsubscribe frames and receive nothing more, removed users are disconnected, and a bad file changes nothing.
/// Each spec has its own broker and file.
/// </summary>
public sealed class UserReloadSpecs : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"actor-rooms-users-{Guid.NewGuid():N}.conf");
    private BrokerNode? _node;

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(_file, UsersHocon([
            ("alice", "alice-pw", true, ["*"], ["prices.*", "chat.*"]),
            ("bob", "bob-pw", true, ["*"], ["*"]),
            ("admin", "admin-pw", true, ["*"], ["*"]),
        ]));
        _node = await BrokerNode.StartAsync(BrokerConfiguration.Load(_file, port: 0));
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        File.Delete(_file);
    }

    [Fact]
    public async Task Should_end_revoked_subscriptions_and_disconnect_removed_users_when_acl_load_reads_tighter_rules()
    {
        await using var alice = await ConnectAsAsync("alice", "alice-pw");
        await alice.SendCommandAsync("SUBSCRIBE", "chat.lobby", "prices.AAPL");
        await alice.SendCommandAsync("PSUBSCRIBE", "chat.*");
        await alice.ReadFramesAsync(3);
        await using var bob = await ConnectAsAsync("bob", "bob-pw");
        await using var admin = await ConnectAsAsync("admin", "admin-pw");
        await File.WriteAllTextAsync(_file, UsersHocon([
            ("alice", "alice-pw", true, ["*"], ["prices.*"]),
            ("admin", "admin-pw", true, ["*"], ["*"]),
        ]));

        await admin.SendCommandAsync("ACL", "LOAD");
        Assert.Equal("+OK\r\n", Text(await admin.ReadFrameAsync()));

        // Alice is told, as if she had unsubscribed, and keeps what is still allowed.
        Assert.Equal(
            "*3\r\n$11\r\nunsubscribe\r\n$10\r\nchat.lobby\r\n:2\r\n*3\r\n$12\r\npunsubscribe\r\n$6\r\nchat.*\r\n:1\r\n",
            Text(await alice.ReadFramesAsync(2)));
        await admin.SendCommandAsync("PUBLISH", "chat.lobby", "after");
        Assert.Equal(":0\r\n", Text(await admin.ReadFrameAsync()));
        await admin.SendCommandAsync("PUBLISH", "prices.AAPL", "still");
        Assert.Equal(":1\r\n", Text(await admin.ReadFrameAsync()));
        Assert.Equal("*3\r\n$7\r\nmessage\r\n$11\r\nprices.AAPL\r\n$5\r\nstill\r\n", Text(await alice.ReadFrameAsync()));

        // Bob no longer exists: he is told why and closed.
        var (received, closed) = await bob.ReadUntilClosedAsync();
        Assert.Equal("-ERR user 'bob' was removed by a users reload; connection closed\r\n", Text(received));
        Assert.True(closed);

        await alice.SendCommandAsync("SUBSCRIBE", "chat.lobby");
        Assert.Equal("-NOPERM No permissions to access a channel\r\n", Text(await alice.ReadFrameAsync()));
    }

    [Fact]
    public async Task Should_end_a_room_feed_the_new_rules_forbid_and_tell_the_client_when_acl_load_reads_tighter_rules()
    {
        await using var alice = await ConnectAsAsync("alice", "alice-pw");
        await alice.SendCommandAsync("ROOM.JOIN", "chat.feed");
        Assert.Equal("roomjoined", Rooms.RoomPush.Parse(await alice.ReadFrameAsync()).Kind);
        await using var admin = await ConnectAsAsync("admin", "admin-pw");
        await File.WriteAllTextAsync(_file, UsersHocon([
            ("alice", "alice-pw", true, ["*"], ["prices.*"]),
            ("admin", "admin-pw", true, ["*"], ["*"]),
        ]));

        await admin.SendCommandAsync("ACL", "LOAD");
        Assert.Equal("+OK\r\n", Text(await admin.ReadFrameAsync()));
        Assert.Equal("*3\r\n$8\r\nroomleft\r\n$9\r\nchat.feed\r\n:0\r\n", Text(await alice.ReadFrameAsync()));
        await admin.SendCommandAsync("ROOM.PUBLISH", "chat.feed", "after", "KEY", "k");
        Assert.Equal(":0\r\n", Text(await admin.ReadFrameAsync()));

        // Nothing more arrives for the room: the next frame is the answer to alice's own PING (no longer subscribed).
        await alice.SendCommandAsync("PING");
        Assert.Equal("+PONG\r\n", Text(await alice.ReadFrameAsync()));
    }

    [Fact]
    public async Task Should_refuse_acl_load_and_keep_the_users_in_force_when_the_user_is_not_an_administrator()
    {
        await using var bob = await ConnectAsAsync("bob", "bob-pw");
        await using var alice = await ConnectAsAsync("alice", "alice-pw");
        await File.WriteAllTextAsync(_file, UsersHocon([
            ("alice", "alice-pw", true, ["*"], ["*"]),
            ("admin", "admin-pw", true, ["*"], ["*"]),
        ]));

        await alice.SendCommandAsync("ACL", "LOAD");
        Assert.Equal("-NOPERM User alice has no permissions to run the 'acl|load' command\r\n", Text(await alice.ReadFrameAsync()));

        // Not reloaded: bob, whom the file no longer lists, is still served, and alice still may not use "*" rooms.
        await bob.SendCommandAsync("PING");
        Assert.Equal("+PONG\r\n", Text(await bob.ReadFrameAsync()));
        await alice.SendCommandAsync("SUBSCRIBE", "news.x");
        Assert.Equal("-NOPERM No permissions to access a channel\r\n", Text(await alice.ReadFrameAsync()));
    }

    [Fact]
    public async Task Should_keep_the_old_users_and_say_why_when_the_reloaded_file_is_wrong()
    {
        await using var alice = await ConnectAsAsync("alice", "alice-pw");
        await alice.SendCommandAsync("SUBSCRIBE", "chat.lobby");
        await alice.ReadFrameAsync();
        await using var admin = await ConnectAsAsync("admin", "admin-pw");
        await File.WriteAllTextAsync(_file, "actor-rooms.broker.security.users = [ { name = alice, password-sha256 = \"not-a-hash\" } ]\n");

        await admin.SendCommandAsync("ACL", "LOAD");
        var reply = Text(await admin.ReadFrameAsync());
        await admin.SendCommandAsync("ACL", "USERS");
        var users = Text(await admin.ReadFrameAsync());
        await admin.SendCommandAsync("PUBLISH", "chat.lobby", "still here");

        Assert.StartsWith("-ERR Configuration key 'actor-rooms.broker.security.users[0].password-sha256' is invalid", reply, StringComparison.Ordinal);
        Assert.EndsWith("the users in force are unchanged\r\n", reply, StringComparison.Ordinal);
        Assert.Equal("*3\r\n$5\r\nadmin\r\n$5\r\nalice\r\n$3\r\nbob\r\n", users);
        Assert.Equal(":1\r\n", Text(await admin.ReadFrameAsync()));
        Assert.Equal("*3\r\n$7\r\nmessage\r\n$10\r\nchat.lobby\r\n$10\r\nstill here\r\n", Text(await alice.ReadFrameAsync()));
    }

    [Theory]
    [InlineData("actor-rooms.broker.security.users = [\n{ name = x }\n", "line 3: the '[' opened at line 1 is never closed")]
    [InlineData("actor-rooms.broker.security.users = [\nx = 1\n", "line 2: unexpected '=' in the list opened at line 1")]
    [InlineData("actor-rooms.broker.security {\n  users = []\n", "line 3: the '{' opened at line 1 is never closed")]
    [InlineData("actor-rooms.broker.security.users = []\nx = \"abc\n", "line 2: a string is not closed")]
    [InlineData("actor-rooms.broker.security.users = []\n}\n", "line 2: '}' closes nothing")]
    [InlineData("this is { not hocon [[[\n", "line 1: unexpected '['")]
    [InlineData("actor-rooms.broker.security.userz = []\n", "did you mean 'actor-rooms.broker.security.users'?")]
    public async Task Should_answer_an_error_naming_the_file_and_line_and_keep_the_users_when_the_reloaded_file_is_malformed(string hocon, string problem)
    {
        await using var alice = await ConnectAsAsync("alice", "alice-pw");
        await alice.SendCommandAsync("SUBSCRIBE", "chat.lobby");
        await alice.ReadFrameAsync();
        await using var admin = await ConnectAsAsync("admin", "admin-pw");
        await File.WriteAllTextAsync(_file, hocon);

        await admin.SendCommandAsync("ACL", "LOAD");
        var reply = Text(await admin.ReadFrameAsync());
        await admin.SendCommandAsync("ACL", "USERS");
        var users = Text(await admin.ReadFrameAsync());
        await admin.SendCommandAsync("PUBLISH", "chat.lobby", "still here");

        Assert.StartsWith($"-ERR Configuration ", reply, StringComparison.Ordinal);
        Assert.Contains(_file, reply, StringComparison.Ordinal);
        Assert.Contains(problem, reply, StringComparison.Ordinal);
        Assert.EndsWith("; the users in force are unchanged\r\n", reply, StringComparison.Ordinal);
        Assert.Equal("*3\r\n$5\r\nadmin\r\n$5\r\nalice\r\n$3\r\nbob\r\n", users);
        Assert.Equal(":1\r\n", Text(await admin.ReadFrameAsync()));
        Assert.Equal("*3\r\n$7\r\nmessage\r\n$10\r\nchat.lobby\r\n$10\r\nstill here\r\n", Text(await alice.ReadFrameAsync()));
    }

    [Fact]
    public async Task Should_answer_every_reload_in_turn_when_several_arrive_at_once()
    {
        await using var admin = await ConnectAsAsync("admin", "admin-pw");
        await File.WriteAllTextAsync(_file, "x = [\ny = 1\n");

        // Pipelined: each reload waits for the one before it, and each is answered in order.
        await admin.SendAsync("ACL LOAD\r\nACL LOAD\r\nACL LOAD\r\nPING\r\n"u8.ToArray());
        var replies = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            replies.Add(Text(await admin.ReadFrameAsync()));
        }

        Assert.All(replies.Take(3), reply => Assert.EndsWith("the users in force are unchanged\r\n", reply, StringComparison.Ordinal));
        Assert.Equal("+PONG\r\n", replies[3]);
    }

    [Fact]
    public async Task Should_say_the_users_are_unchanged_when_the_broker_has_no_file_to_reload()
    {
        await using var node = await BrokerNode.StartAsync(BrokerConfiguration.Load(port: 0));
        await using var client = await RespConnection.ConnectAsync(node.Endpoint);

        await client.SendCommandAsync("ACL", "LOAD");

        Assert.Equal(
            "-ERR This broker was not started with --config FILE, so there is no file to reload users from; the users in force are unchanged\r\n",
            Text(await client.ReadFrameAsync()));
    }

    [Fact]
    public async Task Should_list_users_and_rules_without_secrets_when_an_administrator_asks_acl_list()
    {
        await using var admin = await ConnectAsAsync("admin", "admin-pw");

        await admin.SendCommandAsync("ACL", "LIST");
        var list = Text(await admin.ReadFrameAsync());

        Assert.Contains("user alice on resetchannels &publish:* &subscribe:prices.* &subscribe:chat.*\r\n", list, StringComparison.Ordinal);
        Assert.Contains("user admin on resetchannels &publish:* &subscribe:* +@admin\r\n", list, StringComparison.Ordinal);
        Assert.DoesNotContain(Broker.Security.PasswordHash.ToHex("alice-pw"), list, StringComparison.Ordinal);
        Assert.StartsWith("*3\r\n", list, StringComparison.Ordinal);
    }

    private async Task<RespConnection> ConnectAsAsync(string user, string password)
    {
        var connection = await RespConnection.ConnectAsync(_node!.Endpoint);
        await connection.SendCommandAsync("AUTH", user, password);
        Assert.Equal("+OK\r\n", Text(await connection.ReadFrameAsync()));
        return connection;
    }
}

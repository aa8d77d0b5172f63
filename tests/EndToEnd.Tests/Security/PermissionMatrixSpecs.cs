using ActorRooms.EndToEnd.Tests.Infrastructure;
using static ActorRooms.EndToEnd.Tests.Security.SecuredBroker;

namespace ActorRooms.EndToEnd.Tests.Security;

/// <summary>
/// The permission matrix, end to end over raw sockets: users (publish-only and subscribe-only on <c>prices.*</c>, both
/// on <c>chat.*</c>, the configured <c>default</c> on <c>public.*</c>, a disabled user, and nobody) × PUBLISH /
/// SUBSCRIBE / PSUBSCRIBE × allowed and denied rooms. Every denial is Redis's exact NOPERM line, and an <c>admin</c>
/// watcher proves nothing crosses: a refused publish reaches no one, a refused subscriber is never counted nor sent
/// anything. Every case runs over the plain-text port and over TLS.
/// </summary>
public sealed class PermissionMatrixSpecs(SecuredBroker broker) : IClassFixture<SecuredBroker>
{
    private const string NoPerm = "-NOPERM No permissions to access a channel\r\n";

    // user → rooms (the part before the unique suffix) it may publish to / subscribe to / psubscribe.
    private static readonly string[] Users = ["publisher", "reader", "chatter", "default"];
    private static readonly string[] Rooms = ["prices", "chat", "public"];
    private static readonly string[] Patterns = ["prices.*", "chat.*", "public.*", "prices.a*"];

    public static TheoryData<string, string, string, bool, bool> Matrix()
    {
        var data = new TheoryData<string, string, string, bool, bool>();
        foreach (var (user, tls) in Users.SelectMany(u => new[] { (u, false), (u, true) }))
        {
            var (_, _, _, publish, subscribe) = SecuredBroker.Users.Single(u => u.Name == user);
            foreach (var room in Rooms)
            {
                data.Add(user, "PUBLISH", room, publish.Contains(room + ".*"), tls);
                data.Add(user, "SUBSCRIBE", room, subscribe.Contains(room + ".*"), tls);
            }

            foreach (var pattern in Patterns)
            {
                // Literal equality, as Redis: prices.a* is narrower than prices.* and still refused.
                data.Add(user, "PSUBSCRIBE", pattern, subscribe.Contains(pattern), tls);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Should_allow_or_refuse_with_noperm_and_leak_nothing_when_a_user_uses_a_room(string user, string action, string target, bool allowed, bool tls)
    {
        var room = RoomFor(target);
        await using var client = await broker.ConnectAsAsync(user, tls);
        await using var admin = await broker.ConnectAsAsync("admin");
        await using var watcher = await broker.ConnectAsAsync("admin");
        await watcher.SendCommandAsync("SUBSCRIBE", room);
        await watcher.ReadFrameAsync();

        switch (action)
        {
            case "PUBLISH":
                await client.SendCommandAsync("PUBLISH", room, "from-" + user);
                Assert.Equal(allowed ? ":1\r\n" : NoPerm, Text(await client.ReadFrameAsync()));
                if (allowed)
                {
                    Assert.Equal(Message(room, "from-" + user), Text(await watcher.ReadFrameAsync()));
                }

                break;
            case "SUBSCRIBE":
                await client.SendCommandAsync("SUBSCRIBE", room);
                Assert.Equal(allowed ? $"*3\r\n$9\r\nsubscribe\r\n${room.Length}\r\n{room}\r\n:1\r\n" : NoPerm, Text(await client.ReadFrameAsync()));
                break;
            default:
                await client.SendCommandAsync("PSUBSCRIBE", target);
                Assert.Equal(allowed ? $"*3\r\n$10\r\npsubscribe\r\n${target.Length}\r\n{target}\r\n:1\r\n" : NoPerm, Text(await client.ReadFrameAsync()));
                break;
        }

        // The admin's marker is the next thing the watcher sees: a refused publish never reached it. The receiver count
        // includes the client only when its subscription was allowed.
        var subscribed = allowed && action != "PUBLISH";
        await admin.SendCommandAsync("PUBLISH", room, "marker");
        Assert.Equal(subscribed ? ":2\r\n" : ":1\r\n", Text(await admin.ReadFrameAsync()));
        Assert.Equal(Message(room, "marker"), Text(await watcher.ReadFrameAsync()));
        if (subscribed)
        {
            var expected = action == "SUBSCRIBE"
                ? Message(room, "marker")
                : $"*4\r\n$8\r\npmessage\r\n${target.Length}\r\n{target}\r\n${room.Length}\r\n{room}\r\n$6\r\nmarker\r\n";
            Assert.Equal(expected, Text(await client.ReadFrameAsync()));

            // Leave before the next case: a closed connection's pattern is dropped asynchronously, and a lingering
            // "public.*" would be counted in the next case's rooms (they share the prefix).
            await client.SendCommandAsync(action == "SUBSCRIBE" ? "UNSUBSCRIBE" : "PUNSUBSCRIBE");
            await client.ReadFrameAsync();
        }
        else
        {
            // A refused subscriber gets nothing: its next frame is the answer to its own PING.
            await client.SendCommandAsync("PING");
            Assert.Equal("+PONG\r\n", Text(await client.ReadFrameAsync()));
        }
    }

    [Theory]
    [InlineData("PUBLISH", "prices.x", "hello")]
    [InlineData("SUBSCRIBE", "prices.x")]
    [InlineData("PSUBSCRIBE", "*")]
    public async Task Should_refuse_with_noauth_when_a_client_has_not_authenticated(params string[] command)
    {
        await using var client = await RespConnection.ConnectAsync(broker.Endpoint);

        await client.SendCommandAsync(command);

        Assert.Equal("-NOAUTH Authentication required.\r\n", Text(await client.ReadFrameAsync()));
    }

    [Theory]
    [InlineData("disabled", "off-pw")]
    [InlineData("publisher", "read-pw")]
    [InlineData("nobody", "pub-pw")]
    public async Task Should_answer_wrongpass_and_stay_unauthenticated_when_the_user_is_disabled_unknown_or_the_password_wrong(string user, string password)
    {
        await using var client = await RespConnection.ConnectAsync(broker.Endpoint);

        await client.SendCommandAsync("AUTH", user, password);
        await client.SendCommandAsync("PUBLISH", "prices.x", "hello");

        Assert.Equal(
            "-WRONGPASS invalid username-password pair or user is disabled.\r\n-NOAUTH Authentication required.\r\n",
            Text(await client.ReadFramesAsync(2)));
    }

    [Fact]
    public async Task Should_refuse_the_whole_subscribe_and_subscribe_to_nothing_when_one_channel_is_denied()
    {
        await using var reader = await broker.ConnectAsAsync("reader");

        await reader.SendCommandAsync("SUBSCRIBE", "prices.ok", "chat.no");
        await reader.SendCommandAsync("SUBSCRIBE", "prices.ok2");

        // The second confirmation counts 1: nothing of the refused command was kept.
        Assert.Equal(NoPerm + "*3\r\n$9\r\nsubscribe\r\n$10\r\nprices.ok2\r\n:1\r\n", Text(await reader.ReadFramesAsync(2)));
    }

    [Fact]
    public async Task Should_log_in_as_the_configured_default_user_when_auth_has_one_argument()
    {
        await using var client = await RespConnection.ConnectAsync(broker.Endpoint);

        await client.SendCommandAsync("AUTH", "default-pw");
        await client.SendCommandAsync("ACL", "WHOAMI");
        await client.SendCommandAsync("PUBLISH", "prices.x", "no");

        Assert.Equal("+OK\r\n$7\r\ndefault\r\n" + NoPerm, Text(await client.ReadFramesAsync(3)));
    }

    private static string RoomFor(string target) =>
        target.EndsWith('*') ? target.TrimEnd('*') + "a" + Guid.NewGuid().ToString("N")[..8] : $"{target}.{Guid.NewGuid():N}";

    private static string Message(string room, string payload) =>
        $"*3\r\n$7\r\nmessage\r\n${room.Length}\r\n{room}\r\n${payload.Length}\r\n{payload}\r\n";
}

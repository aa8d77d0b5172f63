using System.Text.RegularExpressions;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Security;
using static ActorRooms.EndToEnd.Tests.Security.SecuredBroker;

namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>
/// AUTH, NOAUTH, WRONGPASS, NOPERM (rooms, and the administrators' commands) and the unauthenticated frame limits,
/// byte for byte against a redis-server with equivalent ACL users (<c>chatter</c> on <c>chat.*</c> both ways and
/// without <c>@admin</c>, as our users without <c>admin = on</c>; <c>default</c> on <c>public.*</c>). Only where we
/// mean to match: PING before AUTH (allowed here) is left out, and NOPERM's text is Redis 7.2's, so an older
/// redis-server is held to the NOPERM prefix only.
/// </summary>
public sealed class AuthDifferentialSpecs(SecuredBroker broker) : IClassFixture<SecuredBroker>, IAsyncDisposable
{
    private RedisServerProcess? _redis;

    public static TheoryData<string, string> Scenarios => new()
    {
        { "noauth before auth", "ECHO hello\r\nSUBSCRIBE chat.x\r\nPUBLISH chat.x m\r\n" },
        { "hello without auth", "HELLO 3\r\n" },
        // Two failures at most: the third closes the connection here (the brake), which Redis does not do.
        { "wrong password", "AUTH chatter nope\r\nHELLO 3 AUTH chatter nope\r\nAUTH a b c\r\n" },
        { "unknown user", "AUTH nobody chat-pw\r\n" },
        { "default user", "AUTH default-pw\r\nACL WHOAMI\r\nPUBLISH public.x m\r\n" },
        { "login and allowed rooms", "AUTH chatter chat-pw\r\nACL WHOAMI\r\nPUBLISH chat.x m\r\nSUBSCRIBE chat.a chat.b\r\nPSUBSCRIBE chat.*\r\n" },
        { "unauthenticated multibulk length", "*11\r\n" },
        { "unauthenticated bulk length", "*1\r\n$16385\r\n" },
    };

    public static TheoryData<string> Denials => new()
    {
        "PUBLISH prices.x m\r\n",
        "SUBSCRIBE chat.ok prices.no\r\n",
        "PSUBSCRIBE chat.a*\r\n",
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Should_reply_with_redis_bytes_when_authenticating(string scenario, string requests)
    {
        var redis = await RedisAsync();

        var ours = await RunAsync(broker.Endpoint, requests);
        var theirs = await RunAsync(redis, requests);

        Assert.True(ours == theirs, $"{scenario}:\nours:   {ours}\nredis:  {theirs}");
    }

    [Theory]
    [MemberData(nameof(Denials))]
    public async Task Should_refuse_the_whole_command_with_noperm_as_redis_when_a_room_is_denied(string request)
    {
        var redis = await RedisAsync();
        var requests = "AUTH chatter chat-pw\r\n" + request + "SUBSCRIBE chat.after\r\n";

        var ours = await RunAsync(broker.Endpoint, requests);
        var theirs = await RunAsync(redis, requests);

        // The same replies around it; only the NOPERM wording may be the older one on redis-server 7.0/7.1.
        Assert.Equal("+OK\r\n-NOPERM No permissions to access a channel\r\n*3\r\n$9\r\nsubscribe\r\n$10\r\nchat.after\r\n:1\r\n+OK\r\n", ours);
        Assert.Matches("^\\+OK\\r\\n-NOPERM [^\\r\\n]+\\r\\n\\*3\\r\\n\\$9\\r\\nsubscribe\\r\\n\\$10\\r\\nchat.after\\r\\n:1\\r\\n\\+OK\\r\\n$", theirs);
    }

    public static TheoryData<string, string> AdministratorsCommands => new()
    {
        { "client|list", "CLIENT LIST\r\n" },
        { "client|kill", "CLIENT KILL USER default\r\n" },
        { "client|kill", "CLIENT KILL TYPE pubsub\r\n" },
        { "acl|list", "ACL LIST\r\n" },
        { "acl|users", "ACL USERS\r\n" },
        { "acl|load", "ACL LOAD\r\n" },
        { "monitor", "MONITOR\r\n" },
    };

    [Theory]
    [MemberData(nameof(AdministratorsCommands))]
    public async Task Should_refuse_an_administrators_command_with_noperm_as_redis_when_the_user_is_not_an_administrator(string name, string request)
    {
        var redis = await RedisAsync();
        var requests = "AUTH chatter chat-pw\r\n" + request + "ACL WHOAMI\r\n";

        var ours = await RunAsync(broker.Endpoint, requests);
        var theirs = await RunAsync(redis, requests);

        // Redis 7.2's wording here; redis-server 7.0/7.1 said "this user has no permissions to run the '…' command".
        Assert.Equal($"+OK\r\n-NOPERM User chatter has no permissions to run the '{name}' command\r\n$7\r\nchatter\r\n+OK\r\n", ours);
        Assert.Matches($"^\\+OK\\r\\n-NOPERM [^\\r\\n]*'{Regex.Escape(name)}' command\\r\\n\\$7\\r\\nchatter\\r\\n\\+OK\\r\\n$", theirs);
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private async Task<System.Net.IPEndPoint> RedisAsync()
    {
        _redis ??= await RedisServerProcess.StartAsync(
            ExternalTools.RedisServer,
            "--user", "default", "on", ">default-pw", "resetchannels", "&public.*", "+@all", "-@admin",
            "--user", "chatter", "on", ">chat-pw", "resetchannels", "&chat.*", "+@all", "-@admin");
        return _redis.Endpoint;
    }

    // Sends the requests and a QUIT in one write and reads until the server closes.
    private static async Task<string> RunAsync(System.Net.IPEndPoint endpoint, string requests)
    {
        await using var connection = await RespConnection.ConnectAsync(endpoint);
        await connection.SendAsync(Resp.Bytes(requests + "QUIT\r\n"));
        var (received, _) = await connection.ReadUntilClosedAsync();
        return Text(received);
    }
}

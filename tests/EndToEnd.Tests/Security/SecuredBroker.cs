using System.Net;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Security;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Tls;
using Akka.Configuration;

namespace ActorRooms.EndToEnd.Tests.Security;

/// <summary>
/// A broker with users, one per role of the permission matrix, and a short failed-AUTH brake (so a brute-force spec
/// runs in milliseconds): at most <see cref="MaxAuthFailures"/> failures per connection. It serves TLS too (a
/// certificate made in the test; client certificates optional), so the matrix runs over both ports.
/// </summary>
public sealed class SecuredBroker : IAsyncLifetime
{
    public const int MaxAuthFailures = 3;

    /// <summary>Name, password, enabled, publish globs, subscribe globs.</summary>
    public static readonly (string Name, string Password, bool Enabled, string[] Publish, string[] Subscribe)[] Users =
    [
        ("publisher", "pub-pw", true, ["prices.*"], []),
        ("reader", "read-pw", true, [], ["prices.*"]),
        ("chatter", "chat-pw", true, ["chat.*"], ["chat.*"]),
        ("disabled", "off-pw", false, ["*"], ["*"]),
        ("default", "default-pw", true, ["public.*"], ["public.*"]),
        ("admin", "admin-pw", true, ["*"], ["*"]),
    ];

    private BrokerNode? _node;

    public BrokerNode Node => _node ?? throw new InvalidOperationException("The broker has not started.");

    public IPEndPoint Endpoint => Node.Endpoint;

    /// <summary>The TLS port.</summary>
    public IPEndPoint TlsEndpoint => Node.TlsEndpoint ?? throw new InvalidOperationException("The broker has no TLS port.");

    /// <summary>The one user of <see cref="Users"/> with <c>admin = on</c> (the server-wide commands).</summary>
    public const string AdminUser = "admin";

    /// <summary>The HOCON of <see cref="Users"/> (hashed passwords), as a user would write it; the user named <see cref="AdminUser"/> gets <c>admin = on</c>.</summary>
    public static string UsersHocon(IEnumerable<(string Name, string Password, bool Enabled, string[] Publish, string[] Subscribe)> users) =>
        "actor-rooms.broker.security.users = [\n" + string.Join("\n", users.Select(u =>
            $"  {{ name = \"{u.Name}\", password-sha256 = \"{PasswordHash.ToHex(u.Password)}\", enabled = {(u.Enabled ? "on" : "off")}, admin = {(u.Name == AdminUser ? "on" : "off")}, "
            + $"publish = [{string.Join(", ", u.Publish.Select(g => $"\"{g}\""))}], subscribe = [{string.Join(", ", u.Subscribe.Select(g => $"\"{g}\""))}] }}"))
        + "\n]\n";

    public async ValueTask InitializeAsync()
    {
        var config = ConfigurationFactory.ParseString(UsersHocon(Users) + $$"""
            actor-rooms.broker.security { max-auth-failures = {{MaxAuthFailures}}, auth-failure-delay = 5ms, auth-failure-max-delay = 20ms }
            {{TestCertificates.Shared.BrokerHocon("optional")}}
            """);
        _node = await BrokerNode.StartAsync(config.WithFallback(BrokerConfiguration.Load(port: 0)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    /// <summary>Received bytes as text (Latin-1, one char per byte), to compare with the exact reply.</summary>
    public static string Text(byte[] bytes) => System.Text.Encoding.Latin1.GetString(bytes);

    /// <summary>A connection logged in as <paramref name="user"/> (the AUTH reply checked and taken), over TLS with the test's client certificate when <paramref name="tls"/>.</summary>
    public async Task<RespConnection> ConnectAsAsync(string user, bool tls = false)
    {
        var connection = tls
            ? await RespConnection.ConnectTlsAsync(TlsEndpoint, TestCertificates.Shared.Authority, TestCertificates.Shared.ClientCertificate)
            : await RespConnection.ConnectAsync(Endpoint);
        var password = Users.Single(u => u.Name == user).Password;
        await connection.SendCommandAsync("AUTH", user, password);
        Assert.Equal("+OK\r\n", Text(await connection.ReadFrameAsync()));
        return connection;
    }
}

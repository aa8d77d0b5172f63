using System.Text;
using ActorRooms.Broker.Network.Auth;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Broker.Security;
using ActorRooms.Broker.Stats;
using Akka.Event;

namespace ActorRooms.Broker.Tests.Network.Auth;

public sealed class AuthenticatorSpecs
{
    private static readonly BrokerUser Alice = BrokerUser.OpenDefault with
    {
        Name = "alice",
        PasswordSha256 = Convert.FromHexString(PasswordHash.ToHex("secret")),
        Publish = ["*"],
        Subscribe = ["*"],
    };

    private readonly ClientState _client = new(1, "a", "b", DateTime.UtcNow);
    private readonly ReplyPipeline _replies = new();
    private readonly BrokerCounters _counters = new();

    [Fact]
    public void Should_log_in_when_the_password_is_right()
    {
        var auth = NewAuthenticator(maxFailures: 3);
        auth.StartUnauthenticated();
        Assert.False(_client.IsAuthenticated);

        Assert.Null(auth.TryAuthenticate("alice", "secret"u8, suppressed: false));

        Assert.Equal("alice", _client.User!.Name);
    }

    [Fact]
    public void Should_hold_the_wrongpass_until_released_and_resume_when_not_the_last_failure()
    {
        var auth = NewAuthenticator(maxFailures: 3);

        var delay = auth.TryAuthenticate("alice", "wrong"u8, suppressed: false);

        Assert.Equal(TimeSpan.FromMilliseconds(100), delay);
        Assert.Equal(string.Empty, Taken());
        Assert.Equal(Authenticator.Release.Resume, auth.ReleaseDelayedReply());
        Assert.StartsWith("-WRONGPASS", Taken(), StringComparison.Ordinal);
        Assert.Equal(Authenticator.Release.None, auth.ReleaseDelayedReply());
        Assert.Equal(1, _counters.AuthFailures);
    }

    [Fact]
    public void Should_add_the_closing_error_and_ask_to_close_when_the_last_failure_is_released()
    {
        var auth = NewAuthenticator(maxFailures: 1);

        auth.TryAuthenticate("alice", "wrong"u8, suppressed: true);

        Assert.Equal(Authenticator.Release.Close, auth.ReleaseDelayedReply());
        Assert.Equal("-ERR too many failed authentication attempts (1); connection closed\r\n", Taken());
    }

    [Fact]
    public void Should_revoke_the_user_when_a_reload_removes_it()
    {
        var auth = NewAuthenticator(maxFailures: 3);
        auth.TryAuthenticate("alice", "secret"u8, suppressed: false);

        Assert.Equal(Authenticator.ReloadOutcome.Revoked, auth.Apply(new UserDirectory([Alice with { Name = "bob" }]), out var what));

        Assert.Equal("removed", what);
    }

    [Fact]
    public void Should_apply_the_new_rules_when_a_reload_keeps_the_user()
    {
        var auth = NewAuthenticator(maxFailures: 3);
        auth.TryAuthenticate("alice", "secret"u8, suppressed: false);

        Assert.Equal(Authenticator.ReloadOutcome.RulesChanged, auth.Apply(new UserDirectory([Alice with { Subscribe = ["news"] }]), out _));

        Assert.False(_client.Permissions.CanSubscribe("prices"));
        Assert.True(_client.Permissions.CanSubscribe("news"));
    }

    private Authenticator NewAuthenticator(int maxFailures) => new(
        _client,
        _replies,
        new AuthFailureBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), maxFailures),
        _counters,
        NoLogger.Instance,
        new UserDirectory([Alice]));

    private string Taken() => Encoding.Latin1.GetString(_replies.TakeCompleted().ToArray());
}

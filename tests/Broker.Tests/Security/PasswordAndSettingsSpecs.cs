using System.Net;
using System.Text;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Security;
using Akka.Configuration;

namespace ActorRooms.Broker.Tests.Security;

/// <summary>Password hashes, the failed-AUTH brake, and reading users from HOCON (every mistake names its key).</summary>
public sealed class PasswordAndSettingsSpecs
{
    [Fact]
    public void Should_print_the_sha256_of_the_utf8_password_when_hashing()
    {
        // The same digest redis-server stores for ">secret" (ACL LIST shows it as #2bb8...).
        Assert.Equal("2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b", PasswordHash.ToHex("secret"));
    }

    [Theory]
    [InlineData("secret", true)]
    [InlineData("Secret", false)]
    [InlineData("", false)]
    public void Should_accept_only_the_right_password_when_comparing_digests(string password, bool matches)
    {
        Assert.True(PasswordHash.TryParseHex(PasswordHash.ToHex("secret").ToUpperInvariant(), out var digest));

        Assert.Equal(matches, PasswordHash.Matches(Encoding.UTF8.GetBytes(password), digest));
    }

    [Fact]
    public void Should_double_the_delay_up_to_the_cap_and_stop_at_the_maximum_when_auth_keeps_failing()
    {
        var brake = new AuthFailureBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 10);

        Assert.Equal([100, 200, 400, 800, 1000, 1000], Enumerable.Range(1, 6).Select(n => brake.DelayAfter(n).TotalMilliseconds));
        Assert.Equal(1000, brake.DelayAfter(int.MaxValue).TotalMilliseconds);
        Assert.False(brake.IsLast(9));
        Assert.True(brake.IsLast(10));
    }

    [Fact]
    public void Should_read_users_with_defaults_for_the_optional_keys_when_configured()
    {
        var settings = Read($$"""users = [ { name = alice, password-sha256 = "{{PasswordHash.ToHex("pw")}}", publish = ["a.*"] } ]""");

        var alice = Assert.Single(settings.Users.Users);
        Assert.True(alice.Enabled);
        Assert.Equal(["a.*"], alice.Publish);
        Assert.Empty(alice.Subscribe);
        Assert.NotNull(settings.Users.Authenticate("alice", "pw"u8));
        Assert.Null(settings.Users.Authenticate("alice", "PW"u8));
        Assert.Null(settings.Users.Authenticate("bob", "pw"u8));
        Assert.Equal("user alice on resetchannels &publish:a.*", alice.ToAclRule());
        Assert.False(alice.Admin);
    }

    [Fact]
    public void Should_mark_an_administrator_in_acl_list_when_admin_is_on()
    {
        var settings = Read($$"""users = [ { name = ops, password-sha256 = "{{PasswordHash.ToHex("pw")}}", admin = on } ]""");

        var ops = Assert.Single(settings.Users.Users);
        Assert.True(ops.Admin);
        Assert.Equal("user ops on resetchannels +@admin", ops.ToAclRule());
        Assert.True(BrokerUser.OpenDefault.Admin);
    }

    [Theory]
    [InlineData("""users = [ { name = alice, password-sha256 = "secret" } ]""", "users[0].password-sha256")]
    [InlineData("""users = [ { password-sha256 = "00" } ]""", "users[0].name")]
    [InlineData("""users = [ { name = "a b", password-sha256 = "00" } ]""", "users[0].name")]
    [InlineData("""users = [ { name = a, password-sha256 = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b", subscribe = [""] } ]""", "users[0].subscribe")]
    [InlineData("""users = [ { name = a, password-sha256 = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b", enabled = maybe } ]""", "users[0].enabled")]
    [InlineData("""users = [ { name = a, password-sha256 = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b" }, { name = a, password-sha256 = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b" } ]""", "users[1].name")]
    [InlineData("""users = [ { name = a, password-sha256 = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b", admin = yes-please } ]""", "users[0].admin")]
    [InlineData("users = 5", "users")]
    [InlineData("max-auth-failures = 0", "max-auth-failures")]
    public void Should_name_the_key_when_a_security_setting_is_wrong(string hocon, string key)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(hocon));

        Assert.Contains($"'{SecuritySettings.Section}.{key}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_explain_protected_mode_only_when_open_and_bound_beyond_loopback()
    {
        Assert.Null(SecuritySettings.ProtectedModeProblem(IPAddress.Loopback, UserDirectory.Open, protectedMode: true));
        Assert.Null(SecuritySettings.ProtectedModeProblem(IPAddress.Any, UserDirectory.Open, protectedMode: false));
        Assert.Contains("--no-protected-mode", SecuritySettings.ProtectedModeProblem(IPAddress.Any, UserDirectory.Open, protectedMode: true), StringComparison.Ordinal);
    }

    private static SecuritySettings Read(string hocon) =>
        SecuritySettings.Create(ConfigurationFactory.ParseString($"{SecuritySettings.Section} {{ {hocon} }}").WithFallback(BrokerConfiguration.Load()));
}

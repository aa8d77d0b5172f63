using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Tls;
using Akka.Configuration;

namespace ActorRooms.Broker.Tests.Tls;

/// <summary>The <c>actor-rooms.broker.tls</c> section: off by default, and every mistake (a missing file among them) named by its key at start.</summary>
public sealed class TlsSettingsSpecs
{
    [Fact]
    public void Should_leave_tls_off_and_plain_text_on_when_nothing_is_configured()
    {
        var settings = TlsSettings.Create(BrokerConfiguration.Load());

        Assert.False(settings.Enabled);
        Assert.True(settings.PlainText);
    }

    [Theory]
    [InlineData("port = 6390", "cert-file", "a TLS port needs the server's certificate and key")]
    [InlineData("port = 6390, cert-file = \"/no/such.crt\", key-file = \"/no/such.key\", auth-clients = no", "cert-file", "cannot read '/no/such.crt'")]
    [InlineData("port = 6390, cert-file = \"/no/such.crt\", key-file = \"/no/such.key\"", "ca-cert-file", "it is needed to check client certificates")]
    [InlineData("port = 6390, auth-clients = sometimes", "auth-clients", "'sometimes' is not one of: yes, no, optional")]
    [InlineData("plain-text = off", "plain-text", "off needs a TLS port")]
    [InlineData("port = 70000", "port", "")]
    public void Should_name_the_key_when_a_tls_setting_is_wrong(string hocon, string key, string problem)
    {
        var config = ConfigurationFactory.ParseString($"{TlsSettings.Section} {{ {hocon} }}").WithFallback(BrokerConfiguration.Load());

        var error = Assert.Throws<ConfigurationException>(() => TlsSettings.Create(config));

        Assert.Contains($"'{TlsSettings.Section}.{key}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Text;
using ActorRooms.Broker.Hosting;
using ActorRooms.Clients.Hosting;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Tls;
using Akka.Configuration;

namespace ActorRooms.EndToEnd.Tests.Clients;

/// <summary>
/// The pump and the reader programs with <c>--tls --cacert --cert --key</c>, as redis-cli takes them, against a broker
/// whose TLS port requires client certificates (a certificate authority made in the test): prices go from the pump
/// to the reader over TLS; a CA file that does not vouch for the broker's certificate, or <c>--tls</c> against the
/// plain-text port, ends the program at once with <see cref="ExitCodes.Tls"/> and the reason, not a retry loop.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class TlsClientSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly string ClientsDll = Path.Combine(AppContext.BaseDirectory, "ActorRooms.Clients.dll");
    private static readonly TestCertificates Certificates = TestCertificates.Shared;
    private readonly string _room = $"tls.clients.{Guid.NewGuid():N}";
    private BrokerNode? _broker;

    private string TlsPort => _broker!.TlsEndpoint!.Port.ToString(CultureInfo.InvariantCulture);

    public async ValueTask InitializeAsync() =>
        _broker = await BrokerNode.StartAsync(ConfigurationFactory.ParseString(Certificates.BrokerHocon("yes")).WithFallback(BrokerConfiguration.Load(port: 0)));

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task Should_carry_the_pumps_prices_to_the_reader_when_both_speak_tls_with_their_certificates()
    {
        await using var reader = CliProcess.Start("dotnet", [ClientsDll, "reader", .. Tls(), "--port", TlsPort, "--room", _room, "--raw", "--count", "20", "--no-retry"]);
        await Eventually.HoldsAsync(async () => await SubscribersAsync() == 1, Bound, "the reader to join its room over TLS");

        var (pumpCode, pumpOutput, pumpErrors) = await CliProcess.RunAsync(
            "dotnet", Bound, [ClientsDll, "pump", .. Tls(), "--port", TlsPort, "--room", _room, "--count", "20", "--rate", "1000", "--no-retry"]);

        Assert.True(pumpCode == ExitCodes.Ok, pumpOutput + pumpErrors);
        var prices = await reader.ReadLinesAsync(20, Bound);
        Assert.All(prices, price => Assert.StartsWith("{\"symbol\":", price, StringComparison.Ordinal));
        Assert.True(await reader.WaitForExitAsync(Bound), "the reader should end after --count 20");
        Assert.Equal(ExitCodes.Ok, reader.ExitCode);
    }

    [Theory]
    [InlineData("pump")]
    [InlineData("reader")]
    public async Task Should_exit_with_the_tls_code_and_the_reason_when_the_ca_file_does_not_vouch_for_the_broker(string command)
    {
        var otherCa = Path.Combine(Certificates.Folder, $"other-ca-{Guid.NewGuid():N}.crt");
        await File.WriteAllTextAsync(otherCa, Certificates.StrangerCertificate.ExportCertificatePem());

        // No --no-retry: a certificate the client cannot trust must not turn into a reconnect loop.
        var (code, output, errors) = await CliProcess.RunAsync(
            "dotnet", Bound, [ClientsDll, command, "--tls", "--cacert", otherCa, "--port", TlsPort, "--room", _room, "--count", "1"]);
        File.Delete(otherCa);

        Assert.True(code == ExitCodes.Tls, $"exit {code}: {output}{errors}");
        Assert.Contains("TLS handshake failed", output + errors, StringComparison.Ordinal);
        Assert.Contains("certificate", output + errors, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Should_exit_with_the_tls_code_when_the_broker_requires_a_client_certificate_and_gets_none()
    {
        // With TLS 1.3 the client's handshake succeeds and the broker closes the connection before answering.
        var (code, output, errors) = await CliProcess.RunAsync(
            "dotnet", Bound, [ClientsDll, "reader", "--tls", "--cacert", Certificates.AuthorityFile, "--port", TlsPort, "--room", _room, "--raw", "--count", "1"]);

        Assert.True(code == ExitCodes.Tls, $"exit {code}: {output}{errors}");
        Assert.Contains("--cert and --key", output + errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_exit_with_the_tls_code_when_tls_is_asked_of_the_plain_text_port()
    {
        var plainPort = _broker!.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

        var (code, output, errors) = await CliProcess.RunAsync(
            "dotnet", Bound, [ClientsDll, "pump", .. Tls(), "--port", plainPort, "--room", _room, "--count", "1"]);

        Assert.True(code == ExitCodes.Tls, $"exit {code}: {output}{errors}");
        Assert.Contains("TLS handshake failed", output + errors, StringComparison.Ordinal);
    }

    private static string[] Tls() =>
        ["--tls", "--cacert", Certificates.AuthorityFile, "--cert", Certificates.ClientCertFile, "--key", Certificates.ClientKeyFile];

    private async Task<long> SubscribersAsync()
    {
        await using var connection = await RespConnection.ConnectAsync(_broker!.Endpoint);
        await connection.SendCommandAsync("PUBSUB", "NUMSUB", _room);
        var reply = Encoding.Latin1.GetString(await connection.ReadFrameAsync());
        return long.Parse(reply[(reply.LastIndexOf(':') + 1)..].TrimEnd(), CultureInfo.InvariantCulture);
    }
}

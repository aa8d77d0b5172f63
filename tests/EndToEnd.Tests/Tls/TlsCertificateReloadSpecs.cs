using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Tls;

/// <summary>
/// The broker program reloads its TLS certificate on SIGHUP, as operators rotating short-lived certificates need:
/// the PEM files are replaced in place and the process is sent SIGHUP. New TLS clients then see the new certificate
/// and open connections keep working; a bad replacement keeps the certificate in force, says why, and the broker
/// keeps serving.
/// </summary>
public sealed class TlsCertificateReloadSpecs : IAsyncLifetime
{
    private static readonly string BrokerDll = Path.Combine(AppContext.BaseDirectory, "ActorRooms.Broker.dll");
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly TestCertificates Certificates = TestCertificates.Shared;

    private readonly string _folder = Directory.CreateTempSubdirectory("actor-rooms-tls-reload-").FullName;
    private readonly int _tlsPort = FreePort.Next();
    private CliProcess _broker = null!;

    private string CertFile => Path.Combine(_folder, "server.crt");

    private string KeyFile => Path.Combine(_folder, "server.key");

    private IPEndPoint Tls => new(IPAddress.Loopback, _tlsPort);

    public async ValueTask InitializeAsync()
    {
        File.Copy(Certificates.ServerCertFile, CertFile);
        File.Copy(Certificates.ServerKeyFile, KeyFile);
        _broker = CliProcess.Start(
            "dotnet", BrokerDll, "--port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--tls-port", _tlsPort.ToString(CultureInfo.InvariantCulture), "--tls-cert-file", CertFile, "--tls-key-file", KeyFile,
            "--tls-ca-cert-file", Certificates.AuthorityFile, "--tls-auth-clients", "no");
        await _broker.ReadLineStartingAsync("TLS on ", Bound);
    }

    public async ValueTask DisposeAsync()
    {
        await _broker.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Should_show_new_clients_the_new_certificate_and_keep_open_connections_when_the_files_are_replaced_and_sighup_sent()
    {
        await using var before = await RespConnection.ConnectTlsAsync(Tls, Certificates.Authority);
        var (renewed, certPem, keyPem) = Certificates.NewServerCertificate();
        await File.WriteAllTextAsync(KeyFile, keyPem);
        await File.WriteAllTextAsync(CertFile, certPem);

        var outcome = await HangUpAsync();
        await using var after = await RespConnection.ConnectTlsAsync(Tls, Certificates.Authority);

        Assert.Equal("SIGHUP: TLS certificates reloaded.", outcome);
        Assert.Equal(Thumbprint(renewed), Thumbprint(after.ServerCertificate!));
        Assert.Equal(Thumbprint(Certificates.ServerCertificate), Thumbprint(before.ServerCertificate!));
        Assert.Equal("+PONG\r\n", await PingAsync(before));
        Assert.Equal("+PONG\r\n", await PingAsync(after));
    }

    [Fact]
    public async Task Should_keep_the_certificate_in_force_and_keep_serving_when_a_replaced_file_is_bad()
    {
        await File.WriteAllTextAsync(CertFile, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");

        var outcome = await HangUpAsync();
        await using var after = await RespConnection.ConnectTlsAsync(Tls, Certificates.Authority);

        Assert.StartsWith($"SIGHUP: TLS certificates not reloaded: Configuration key 'actor-rooms.broker.tls.cert-file' is invalid: '{CertFile}'", outcome, StringComparison.Ordinal);
        Assert.EndsWith("; the certificate in force is unchanged", outcome, StringComparison.Ordinal);
        Assert.Equal(Thumbprint(Certificates.ServerCertificate), Thumbprint(after.ServerCertificate!));
        Assert.Equal("+PONG\r\n", await PingAsync(after));
    }

    [Fact]
    public async Task Should_keep_the_certificate_in_force_when_a_replaced_file_is_missing()
    {
        File.Delete(KeyFile);

        var outcome = await HangUpAsync();
        await using var after = await RespConnection.ConnectTlsAsync(Tls, Certificates.Authority);

        Assert.StartsWith($"SIGHUP: TLS certificates not reloaded: Configuration key 'actor-rooms.broker.tls.key-file' is invalid: cannot read '{KeyFile}'", outcome, StringComparison.Ordinal);
        Assert.Equal(Thumbprint(Certificates.ServerCertificate), Thumbprint(after.ServerCertificate!));
        Assert.Equal("+PONG\r\n", await PingAsync(after));
    }

    private static string Thumbprint(System.Security.Cryptography.X509Certificates.X509Certificate certificate) =>
        certificate.GetCertHashString(HashAlgorithmName.SHA256);

    private static async Task<string> PingAsync(RespConnection connection)
    {
        await connection.SendCommandAsync("PING");
        return Encoding.Latin1.GetString(await connection.ReadFrameAsync());
    }

    // SIGHUP, then the program's line about the certificates (its line about the users comes first).
    private async Task<string> HangUpAsync()
    {
        using (var hangup = Process.Start("kill", ["-s", "HUP", _broker.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await hangup.WaitForExitAsync();
        }

        return await _broker.ReadLineStartingAsync("SIGHUP: TLS certificates", Bound);
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorRooms.Benchmarks;

/// <summary>
/// The TLS servers' certificate, made at run time (<see cref="CertificateRequest"/>, ECDSA P-256, self-signed for
/// 127.0.0.1 and localhost) and written as PEM files, as redis-server and our broker take them. The certificate is
/// also the CA file both servers are given (neither asks clients for one); the benchmark's clients trust exactly this
/// certificate (<see cref="Wire.TlsClient"/>).
/// </summary>
public sealed class BenchmarkCertificate : IDisposable
{
    private readonly string _folder;

    public BenchmarkCertificate()
    {
        _folder = Directory.CreateTempSubdirectory("actor-rooms-bench-tls-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        Thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        CertFile = Write("server.crt", certificate.ExportCertificatePem());
        KeyFile = Write("server.key", key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The certificate, PEM; also the CA file.</summary>
    public string CertFile { get; }

    /// <summary>Its private key, PEM (unencrypted PKCS#8).</summary>
    public string KeyFile { get; }

    /// <summary>SHA-256 of the certificate, hex: what the clients pin.</summary>
    public string Thumbprint { get; }

    /// <summary>
    /// The arguments that serve TLS on <paramref name="tlsPort"/> with this certificate, asking clients for none
    /// (Redis's names, which our broker takes too). The plain-text port stays open, unused, on both servers:
    /// our broker's TLS-only mode (<c>--port 0</c>) does not start while its HTTP listener is on (it is on when
    /// <c>--port</c> is 0), and an idle port costs neither server anything.
    /// </summary>
    public string[] ServerArguments(string plainPort, string tlsPort) =>
        ["--port", plainPort, "--tls-port", tlsPort, "--tls-cert-file", CertFile, "--tls-key-file", KeyFile, "--tls-ca-cert-file", CertFile, "--tls-auth-clients", "no"];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string pem)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, pem);
        return path;
    }
}

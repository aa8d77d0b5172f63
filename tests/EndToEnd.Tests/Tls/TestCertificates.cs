using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorRooms.EndToEnd.Tests.Tls;

/// <summary>
/// A certificate authority made in the test (<see cref="CertificateRequest"/>, ECDSA P-256), a server certificate it
/// signs for 127.0.0.1 / localhost, a client certificate it signs, and a client certificate of another authority —
/// written as PEM files, as Redis (and our broker) take them — plus cluster node certificates (server and client
/// use, as Akka.Remote's mutual TLS needs) as PKCS#12 files, as its DotNetty transport takes them: one the authority
/// signs and one of the other authority. Made once per test run.
/// </summary>
public sealed class TestCertificates
{
    private static readonly Lazy<TestCertificates> Instance = new(() => new TestCertificates());

    private TestCertificates()
    {
        Folder = Directory.CreateTempSubdirectory("actor-rooms-tls-").FullName;
        var notBefore = DateTimeOffset.UtcNow.AddHours(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(2);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=ActorRooms test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Authority = caRequest.CreateSelfSigned(notBefore, notAfter);

        (ServerCertificate, var serverKey) = IssueServer(notBefore, notAfter);
        (ClientCertificate, var clientKey) = Issue(Authority, "CN=trusted client", "1.3.6.1.5.5.7.3.2", null, notBefore, notAfter);

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherRequest = new CertificateRequest("CN=Some other CA", otherKey, HashAlgorithmName.SHA256);
        otherRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var otherAuthority = otherRequest.CreateSelfSigned(notBefore, notAfter);
        (StrangerCertificate, _) = Issue(otherAuthority, "CN=stranger", "1.3.6.1.5.5.7.3.2", null, notBefore, notAfter);
        var (node, _) = Issue(Authority, "CN=actor-rooms node", NodeUsages, null, notBefore, notAfter);
        var (strangerNode, _) = Issue(otherAuthority, "CN=actor-rooms node", NodeUsages, null, notBefore, notAfter);
        NodePfxFile = WritePfx("node.pfx", node);
        StrangerNodePfxFile = WritePfx("stranger-node.pfx", strangerNode);

        AuthorityFile = Write("ca.crt", Authority.ExportCertificatePem());
        ServerCertFile = Write("server.crt", ServerCertificate.ExportCertificatePem());
        ServerKeyFile = Write("server.key", serverKey);
        ClientCertFile = Write("client.crt", ClientCertificate.ExportCertificatePem());
        ClientKeyFile = Write("client.key", clientKey);
    }

    public static TestCertificates Shared => Instance.Value;

    public string Folder { get; }
    public X509Certificate2 Authority { get; }
    public X509Certificate2 ServerCertificate { get; }
    public X509Certificate2 ClientCertificate { get; }

    /// <summary>A client certificate signed by an authority the broker does not trust.</summary>
    public X509Certificate2 StrangerCertificate { get; }

    public string AuthorityFile { get; }
    public string ServerCertFile { get; }
    public string ServerKeyFile { get; }
    public string ClientCertFile { get; }
    public string ClientKeyFile { get; }

    /// <summary>A cluster node's certificate and key (PKCS#12, <see cref="NodePfxPassword"/>), signed by the authority.</summary>
    public string NodePfxFile { get; }

    /// <summary>As <see cref="NodePfxFile"/>, signed by the other authority.</summary>
    public string StrangerNodePfxFile { get; }

    public const string NodePfxPassword = "node-secret";

    /// <summary>A node serves and connects (server and client authentication).</summary>
    private static readonly string[] NodeUsages = ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"];

    /// <summary>
    /// A new server certificate for 127.0.0.1 / localhost that the authority signs, with its key, as PEM: what a
    /// certificate rotation writes over the served files.
    /// </summary>
    public (X509Certificate2 Certificate, string CertPem, string KeyPem) NewServerCertificate()
    {
        var (certificate, key) = IssueServer(DateTimeOffset.UtcNow.AddHours(-1), new DateTimeOffset(Authority.NotAfter));
        return (certificate, certificate.ExportCertificatePem(), key);
    }

    /// <summary>The broker's <c>actor-rooms.broker.tls</c> HOCON for these files, on any free port.</summary>
    public string BrokerHocon(string authClients) => $$"""
        actor-rooms.broker.tls {
          port = 0
          cert-file = "{{ServerCertFile}}"
          key-file = "{{ServerKeyFile}}"
          ca-cert-file = "{{AuthorityFile}}"
          auth-clients = {{authClients}}
        }
        """;

    private (X509Certificate2 Certificate, string KeyPem) IssueServer(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        return Issue(Authority, "CN=localhost", "1.3.6.1.5.5.7.3.1", san.Build(), notBefore, notAfter);
    }

    private static (X509Certificate2 Certificate, string KeyPem) Issue(
        X509Certificate2 issuer, string subject, string usageOid, X509Extension? san, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        Issue(issuer, subject, [usageOid], san, notBefore, notAfter);

    private static (X509Certificate2 Certificate, string KeyPem) Issue(
        X509Certificate2 issuer, string subject, string[] usageOids, X509Extension? san, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usageOids.Select(oid => new Oid(oid))], false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = request.Create(issuer, notBefore, notAfter, serial);
        return (signed.CopyWithPrivateKey(key), key.ExportPkcs8PrivateKeyPem());
    }

    private string WritePfx(string name, X509Certificate2 certificate)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, NodePfxPassword));
        return path;
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, pem);
        return path;
    }
}

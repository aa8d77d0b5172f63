using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Tls;

namespace ActorRooms.Clients.Hosting;

/// <summary>
/// TLS to the server, as redis-cli's <c>--tls --cacert --cert --key --sni</c>: the <c>tls</c> sub-section of
/// <c>actor-rooms.clients.connection</c>. The PEM files are read at start (a missing or malformed one is a settings
/// error naming the key), and the server's certificate is checked against the CA file when one is given, else against
/// the system's trust store, and against the host name (or <see cref="ServerName"/>), as any TLS client does.
/// </summary>
public sealed record ClientTlsSettings
{
    /// <summary>The CA certificates the server's must chain to; empty: the system's trust store.</summary>
    public X509Certificate2Collection Authorities { get; init; } = [];

    /// <summary>The certificate (and key) shown when the server asks for one (Redis's tls-auth-clients); null: none.</summary>
    public SslStreamCertificateContext? ClientCertificate { get; init; }

    /// <summary>The name the server's certificate must carry and the SNI sent; empty: the host connected to.</summary>
    public string ServerName { get; init; } = string.Empty;

    /// <summary>Reads <c>tls.*</c> of the connection section; null when <c>tls.enabled</c> is off.</summary>
    /// <exception cref="Akka.Configuration.ConfigurationException">A file is missing, unreadable or not PEM, or only one of cert-file and key-file is set.</exception>
    public static ClientTlsSettings? Create(SectionReader c)
    {
        if (!c.Bool("tls.enabled"))
        {
            return null;
        }

        var caFile = c.String("tls.ca-cert-file", allowEmpty: true);
        var certFile = c.String("tls.cert-file", allowEmpty: true);
        var keyFile = c.String("tls.key-file", allowEmpty: true);
        if ((certFile.Length == 0) != (keyFile.Length == 0))
        {
            throw c.Invalid(certFile.Length == 0 ? "tls.cert-file" : "tls.key-file", "a client certificate needs both its certificate and its key file (--cert and --key)");
        }

        return new ClientTlsSettings
        {
            Authorities = caFile.Length == 0 ? [] : PemFiles.Authorities(c, "tls.ca-cert-file", caFile),
            ClientCertificate = certFile.Length == 0 ? null : PemFiles.CertificateContext(c, "tls.cert-file", certFile, "tls.key-file", keyFile),
            ServerName = c.String("tls.server-name", allowEmpty: true),
        };
    }

    /// <summary>The handshake options for a connection to <paramref name="host"/>.</summary>
    public SslClientAuthenticationOptions ClientOptions(string host) => new()
    {
        TargetHost = ServerName.Length > 0 ? ServerName : host,
        ClientCertificateContext = ClientCertificate,
        CertificateChainPolicy = Authorities.Count > 0 ? PemFiles.TrustOnly(Authorities) : null,
    };
}

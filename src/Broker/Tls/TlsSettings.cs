using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ActorRooms.Broker.Hosting;
using Akka.Configuration;

namespace ActorRooms.Broker.Tls;

/// <summary>Redis's <c>tls-auth-clients</c>: whether a TLS client must present a certificate the CA file vouches for.</summary>
public enum TlsClientAuth
{
    /// <summary>No certificate is asked for.</summary>
    No,

    /// <summary>A certificate is required (Redis's default).</summary>
    Yes,

    /// <summary>A certificate is asked for; a client without one is accepted, one with a bad one is not.</summary>
    Optional,
}

/// <summary>
/// The <c>actor-rooms.broker.tls</c> section: Redis's TLS options for the client port (<c>tls-port</c>,
/// <c>tls-cert-file</c>, <c>tls-key-file</c>, <c>tls-ca-cert-file</c>, <c>tls-auth-clients</c>) and whether the
/// plain-text port stays open beside it. The PEM files are read here, at start, so a missing or unreadable file stops
/// the broker (exit 2) with the key and the file's name instead of failing the first handshake; on SIGHUP they are
/// read again from the same paths (<see cref="WithFilesReread"/>, <see cref="TlsCertificatesActor"/>).
/// </summary>
public sealed record TlsSettings
{
    /// <summary>The HOCON section this record is read from.</summary>
    public const string Section = BrokerSettings.Section + ".tls";

    /// <summary>TLS off, the plain-text port on: the default.</summary>
    public static TlsSettings Disabled { get; } = new() { Port = null, PlainText = true, ClientAuth = TlsClientAuth.No };

    /// <summary>The TLS port (0: any free port), or null when TLS is off.</summary>
    public required int? Port { get; init; }

    /// <summary>False when only the TLS port serves clients (Redis's <c>port 0</c> beside <c>tls-port</c>).</summary>
    public required bool PlainText { get; init; }

    public required TlsClientAuth ClientAuth { get; init; }

    /// <summary>The server's certificate with its private key (and any chain certificates of the cert file).</summary>
    public SslStreamCertificateContext? Certificate { get; init; }

    /// <summary>The CA certificates that vouch for client certificates.</summary>
    public X509Certificate2Collection Authorities { get; init; } = [];

    /// <summary>The PEM file of <see cref="Certificate"/> (and its chain).</summary>
    public string CertFile { get; init; } = "";

    /// <summary>The PEM file of <see cref="Certificate"/>'s private key.</summary>
    public string KeyFile { get; init; } = "";

    /// <summary>The PEM file of <see cref="Authorities"/>, or "" for none.</summary>
    public string CaCertFile { get; init; } = "";

    public bool Enabled => Port is not null;

    /// <summary>Reads and checks the section and loads the PEM files.</summary>
    /// <exception cref="ConfigurationException">A key is wrong or a file is missing or unreadable; the message names both.</exception>
    public static TlsSettings Create(Config root)
    {
        var c = new SectionReader(root, Section);
        var plainText = c.Bool("plain-text");
        var portText = c.String("port");
        if (portText == "off")
        {
            return !plainText
                ? throw c.Invalid("plain-text", "off needs a TLS port (tls.port), or no client could connect")
                : Disabled;
        }

        var port = c.Int("port", 0, 65535);
        var clientAuth = c.String("auth-clients") switch
        {
            "yes" => TlsClientAuth.Yes,
            "no" => TlsClientAuth.No,
            "optional" => TlsClientAuth.Optional,
            var other => throw c.Invalid("auth-clients", $"'{other}' is not one of: yes, no, optional"),
        };
        var certFile = RequiredFile(c, "cert-file");
        var keyFile = RequiredFile(c, "key-file");
        var caFile = c.String("ca-cert-file", allowEmpty: true);
        if (clientAuth != TlsClientAuth.No && caFile.Length == 0)
        {
            throw c.Invalid("ca-cert-file", $"it is needed to check client certificates (auth-clients = {c.String("auth-clients")}); give the CA's PEM file, or set auth-clients = no");
        }

        var files = new TlsSettings { Port = port, PlainText = plainText, ClientAuth = clientAuth, CertFile = certFile, KeyFile = keyFile, CaCertFile = caFile };
        return files.WithFilesRead(c);
    }

    /// <summary>These settings with the certificate, key and CA files read again from the same paths (SIGHUP).</summary>
    /// <exception cref="ConfigurationException">A file is missing, unreadable or not what it should be; the message names the key and the file.</exception>
    public TlsSettings WithFilesReread() => WithFilesRead(SectionReader.Of(Config.Empty, Section));

    /// <summary>The handshake options of one connection.</summary>
    public SslServerAuthenticationOptions ServerOptions() => new()
    {
        ServerCertificateContext = Certificate,
        ClientCertificateRequired = ClientAuth != TlsClientAuth.No,
        CertificateChainPolicy = ClientAuth == TlsClientAuth.No ? null : PemFiles.TrustOnly(Authorities),
        RemoteCertificateValidationCallback = AcceptsClient,
    };

    private bool AcceptsClient(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => ClientAuth switch
    {
        TlsClientAuth.No => true,
        TlsClientAuth.Optional when certificate is null => true,
        _ => errors == SslPolicyErrors.None,
    };

    private TlsSettings WithFilesRead(SectionReader c) => this with
    {
        Certificate = PemFiles.CertificateContext(c, "cert-file", CertFile, "key-file", KeyFile),
        Authorities = CaCertFile.Length == 0 ? [] : PemFiles.Authorities(c, "ca-cert-file", CaCertFile),
    };

    private static string RequiredFile(SectionReader c, string key)
    {
        var path = c.String(key, allowEmpty: true);
        return path.Length > 0 ? path : throw c.Invalid(key, "a TLS port needs the server's certificate and key as PEM files (tls.cert-file, tls.key-file)");
    }
}

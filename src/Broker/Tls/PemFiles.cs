using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorRooms.Broker.Hosting;

namespace ActorRooms.Broker.Tls;

/// <summary>
/// Certificates, keys and CA bundles in PEM files, as Redis (and redis-cli) take them, read once at start by the
/// broker's TLS port and by the clients' <c>--tls</c>. A missing, unreadable or malformed file fails with a
/// <see cref="Akka.Configuration.ConfigurationException"/> that names the HOCON key and the file, so a program can stop
/// with its settings exit code instead of failing the first handshake.
/// </summary>
public static class PemFiles
{
    /// <summary>A certificate (a chain may follow it in the file) and its unencrypted private key.</summary>
    public static SslStreamCertificateContext CertificateContext(SectionReader c, string certKey, string certFile, string keyKey, string keyFile)
    {
        Readable(c, certKey, certFile);
        Readable(c, keyKey, keyFile);
        try
        {
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(certFile);
            var certificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            return SslStreamCertificateContext.Create(certificate, new X509Certificate2Collection(chain.Skip(1).ToArray()), offline: true);
        }
        catch (CryptographicException e)
        {
            throw c.Invalid(certKey, $"'{certFile}' with key '{keyFile}' is not a PEM certificate and its unencrypted private key ({e.Message})");
        }
    }

    /// <summary>The CA certificates of a PEM bundle: at least one.</summary>
    public static X509Certificate2Collection Authorities(SectionReader c, string key, string caFile)
    {
        Readable(c, key, caFile);
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(caFile);
        }
        catch (CryptographicException e)
        {
            throw c.Invalid(key, $"'{caFile}' is not a PEM file of certificates ({e.Message})");
        }

        return authorities.Count > 0 ? authorities : throw c.Invalid(key, $"'{caFile}' holds no PEM certificate");
    }

    /// <summary>
    /// A chain policy that trusts <paramref name="authorities"/> only (not the system store), without revocation
    /// checks: test and private CAs publish no revocation lists, and Redis does not check them either.
    /// </summary>
    public static X509ChainPolicy TrustOnly(X509Certificate2Collection authorities)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(authorities);
        return policy;
    }

    private static void Readable(SectionReader c, string key, string path)
    {
        try
        {
            using var file = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw c.Invalid(key, $"cannot read '{path}': {e.Message.TrimEnd('.')}");
        }
    }
}

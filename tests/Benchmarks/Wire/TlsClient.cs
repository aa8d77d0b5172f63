using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorRooms.Benchmarks.Wire;

/// <summary>
/// The lean clients' TLS: a connected socket wrapped in an <see cref="SslStream"/> that trusts exactly the run's
/// certificate (its SHA-256 pinned, no chain built, no revocation fetched), so the client's handshake costs no more
/// than it must. The cipher suite is what the client and server agree by default (both OpenSSL on Linux); it is
/// recorded so the report can name it.
/// </summary>
public sealed class TlsClient(string thumbprint)
{
    private TlsCipherSuite? _negotiated;

    /// <summary>The suite the last handshake agreed on, for the report.</summary>
    public string Negotiated => _negotiated?.ToString() ?? "none yet";

    /// <summary>Wraps <paramref name="socket"/> (the stream owns it) and completes the handshake.</summary>
    public async Task<Stream> WrapAsync(Socket socket, CancellationToken cancellation)
    {
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    RemoteCertificateValidationCallback = IsTheRunsCertificate,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                cancellation);
            _negotiated = ssl.NegotiatedCipherSuite;
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    private bool IsTheRunsCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == thumbprint;
}

namespace ActorRooms.Broker.Tls;

/// <summary>SIGHUP: read the TLS port's certificate, key and CA files again; answered with <see cref="TlsCertificatesReloaded"/>.</summary>
public sealed record ReloadTlsCertificates
{
    public static ReloadTlsCertificates Instance { get; } = new();

    private ReloadTlsCertificates()
    {
    }
}

/// <summary>The outcome of <see cref="ReloadTlsCertificates"/>: null when the files are in force for new connections, or why the old ones stay.</summary>
public sealed record TlsCertificatesReloaded(string? Error);

/// <summary>Published on the event stream after a successful reload: the TLS listener gives it to the connections it accepts from then on.</summary>
public sealed record TlsCertificatesChanged(TlsSettings Settings);

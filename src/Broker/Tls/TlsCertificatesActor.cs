using Akka.Actor;
using Akka.Configuration;
using Akka.Event;

namespace ActorRooms.Broker.Tls;

/// <summary>
/// The <c>tls-certificates</c> actor, there when TLS is on: owns the TLS port's settings in force and reloads their
/// PEM files (SIGHUP) from the paths the broker started with, as the <c>users</c> actor reloads users. A file that is
/// missing, unreadable or not PEM, or a key that does not match its certificate, leaves the old certificate in force
/// and the requester is told why; a good set is published as <see cref="TlsCertificatesChanged"/> for the TLS
/// listener, whose connections accepted from then on use it. Open connections keep the certificate they shook hands with.
/// </summary>
public sealed class TlsCertificatesActor : ReceiveActor, IWithUnboundedStash
{
    private const string Unchanged = "; the certificate in force is unchanged";
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private TlsSettings _settings;

    public TlsCertificatesActor(TlsSettings settings)
    {
        _settings = settings;
        Idle();
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(TlsSettings settings) => Akka.Actor.Props.Create(() => new TlsCertificatesActor(settings));

    private void Idle() => Receive<ReloadTlsCertificates>(_ => StartReading());

    // While the files are read, further reloads wait: each then reads the files as they are by its turn.
    private void Reading()
    {
        Receive<FilesRead>(read =>
        {
            read.Requester.Tell(Apply(read));
            Stash.UnstashAll();
            Become(Idle);
        });
        Receive<ReloadTlsCertificates>(_ => Stash.Stash());
    }

    private void StartReading()
    {
        // Off this actor's thread: reading the files and parsing the keys.
        var current = _settings;
        var requester = Sender;
        _ = Task.Run(() => Read(current, requester)).PipeTo(Self, failure: e => new FilesRead(requester, null, e.Message));
        Become(Reading);
    }

    private static FilesRead Read(TlsSettings current, IActorRef requester)
    {
        try
        {
            return new FilesRead(requester, current.WithFilesReread(), null);
        }
        catch (ConfigurationException e)
        {
            return new FilesRead(requester, null, e.Message);
        }
    }

    private TlsCertificatesReloaded Apply(FilesRead read)
    {
        if (read.Settings is not { Certificate: { } certificate } settings)
        {
            var message = (read.Error ?? "the files could not be read").TrimEnd('.') + Unchanged;
            _log.Warning("TLS certificates not reloaded: {0}", message);
            return new TlsCertificatesReloaded(message);
        }

        _settings = settings;
        _log.Info(
            "TLS certificates reloaded from {0}: {1}, valid until {2:u}",
            settings.CertFile,
            certificate.TargetCertificate.Subject,
            certificate.TargetCertificate.NotAfter.ToUniversalTime());
        Context.System.EventStream.Publish(new TlsCertificatesChanged(settings));
        return new TlsCertificatesReloaded(null);
    }

    private sealed record FilesRead(IActorRef Requester, TlsSettings? Settings, string? Error);
}

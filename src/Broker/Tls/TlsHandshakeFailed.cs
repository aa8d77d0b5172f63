using Akka.IO;

namespace ActorRooms.Broker.Tls;

/// <summary>
/// What <see cref="TlsConnectionActor"/> tells the connection actor above it when the TLS handshake fails (an
/// untrusted or missing certificate, a peer that does not speak TLS, no handshake in time): an Akka.IO
/// <see cref="Tcp.ConnectionClosed"/> like any other, so a handler that knows nothing of TLS just stops, carrying the
/// reason, so one that does (a client) can say why and give up instead of retrying what will fail the same way.
/// </summary>
public sealed class TlsHandshakeFailed(string reason) : Tcp.ConnectionClosed
{
    public override bool IsErrorClosed => true;

    public override string Cause { get; } = reason;
}

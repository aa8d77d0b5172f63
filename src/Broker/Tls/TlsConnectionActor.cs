using System.Net;
using System.Net.Security;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Broker.Tls;

/// <summary>
/// The TLS stage of one connection, the broker's on its TLS port or a client's (<c>--tls</c>): it is the Akka.IO
/// connection's handler and, to the connection actor above it, looks like an Akka.IO connection (Register, Write with
/// acks, ResumeReading in pull mode, Close, ConfirmedClose, Abort; Received, PeerClosed, Closed, ConfirmedClosed).
/// Ciphertext from the socket goes into an <see cref="SslStream"/> over a <see cref="TlsTransportStream"/>; plaintext
/// comes out as <c>Received</c>. Writes are encrypted on this actor's thread and passed down with the writer's own ack,
/// so the connection actor's write backpressure works unchanged. Plain-text connections never pass through here: their
/// path is exactly what it was. Server and client differ only in how the handshake starts (<see cref="Props"/>,
/// <see cref="ClientProps"/>); in pull mode the handshake's reads are asked of Akka.IO whenever the SslStream waits for
/// bytes (a client's ClientHello goes out first, then it reads). A failed handshake reaches the connection actor as
/// <see cref="TlsHandshakeFailed"/>.
/// </summary>
public sealed class TlsConnectionActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly IActorRef _tcp;
    private readonly Func<SslStream, Task> _authenticate;
    private readonly EndPoint _remote;
    private readonly TlsTransportStream _transport;
    private readonly SslStream _ssl;
    private readonly byte[] _readBuffer = new byte[16 * 1024];
    private readonly List<Tcp.Write> _heldWrites = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _handler = ActorRefs.Nobody;
    private bool _handlerWantsRead;
    private bool _readInFlight;
    private bool _tcpReadRequested;
    private bool _peerClosed;
    // How the handler asked to close (Close, or ConfirmedClose: a half-close that waits for the peer's FIN), once
    // it has; what is sent down after the close_notify.
    private Tcp.CloseCommand? _closeRequested;
    private bool _handlerToldClosed;

    public TlsConnectionActor(IActorRef tcp, Func<SslStream, Task> authenticate, EndPoint remote)
    {
        _tcp = tcp;
        _authenticate = authenticate;
        _remote = remote;
        var self = Self;
        _transport = new TlsTransportStream(() => self.Tell(TransportStarved.Instance), () => self.Tell(OutputReady.Instance));
        _ssl = new SslStream(_transport, leaveInnerStreamOpen: false);
        Handshaking();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The broker's TLS stage for the Akka.IO connection <paramref name="tcp"/> of a client at <paramref name="remote"/>.</summary>
    public static Props Props(IActorRef tcp, TlsSettings settings, EndPoint remote) =>
        Akka.Actor.Props.Create(() => new TlsConnectionActor(tcp, ssl => ssl.AuthenticateAsServerAsync(settings.ServerOptions(), CancellationToken.None), remote));

    /// <summary>A client's TLS stage for its Akka.IO connection <paramref name="tcp"/> to the server at <paramref name="remote"/>.</summary>
    public static Props ClientProps(IActorRef tcp, SslClientAuthenticationOptions options, EndPoint remote) =>
        Akka.Actor.Props.Create(() => new TlsConnectionActor(tcp, ssl => ssl.AuthenticateAsClientAsync(options, CancellationToken.None), remote));

    protected override void PreStart()
    {
        _tcp.Tell(new Tcp.Register(Self, keepOpenOnPeerClosed: true, useResumeWriting: false));
        Timers.StartSingleTimer(HandshakeTimedOut.Instance, HandshakeTimedOut.Instance, HandshakeTimeout);
        _ = _authenticate(_ssl).PipeTo(
            Self, success: () => HandshakeSucceeded.Instance, failure: e => new HandshakeFailed(e.GetBaseException().Message));
    }

    protected override void PostStop()
    {
        // The connection actor above learns that its "connection" is gone, whatever stopped this stage.
        TellHandlerClosed(new Tcp.ErrorClosed("TLS connection ended"));
        _ssl.Dispose();
    }

    /// <summary>Until the handshake is done: the handler's writes wait, its reads are remembered.</summary>
    private void Handshaking()
    {
        Receive<Tcp.ResumeReading>(_ => _handlerWantsRead = true);
        Receive<Tcp.Write>(_heldWrites.Add);
        Receive<Tcp.Close>(close => _closeRequested = close);
        Receive<Tcp.ConfirmedClose>(close => _closeRequested = close);
        Receive<HandshakeSucceeded>(_ =>
        {
            Timers.Cancel(HandshakeTimedOut.Instance);
            Become(Established);
            SendOutput();
            _heldWrites.ForEach(Encrypt);
            _heldWrites.Clear();
            if (_closeRequested is not null)
            {
                CloseGracefully(_closeRequested);
            }

            StartPlainRead();
        });
        Receive<HandshakeFailed>(failed => RefuseHandshake(failed.Reason));
        Receive<HandshakeTimedOut>(_ => RefuseHandshake($"no TLS handshake within {HandshakeTimeout.TotalSeconds:0} s"));
        ReceiveCommon();
    }

    /// <summary>TLS is up: plaintext flows both ways.</summary>
    private void Established()
    {
        Receive<Tcp.ResumeReading>(_ =>
        {
            _handlerWantsRead = true;
            StartPlainRead();
        });
        Receive<Tcp.Write>(Encrypt);
        Receive<Tcp.Close>(close => CloseGracefully(close));
        Receive<Tcp.ConfirmedClose>(close => CloseGracefully(close));
        Receive<PlainRead>(OnPlainRead);
        Receive<TlsFailed>(failed =>
        {
            _log.Info("TLS connection with {0} failed: {1}; closing it", _remote, failed.Reason);
            _tcp.Tell(Tcp.Abort.Instance);
        });
        Receive<CloseNotifySent>(_ =>
        {
            SendOutput();
            // After ConfirmedClose the socket keeps reading until the peer's FIN (and ConfirmedClosed reaches the
            // handler then); a plain Close closes both directions now.
            _tcp.Tell(_closeRequested ?? Tcp.Close.Instance);
        });
        ReceiveCommon();
    }

    private void ReceiveCommon()
    {
        // The connection actor may start after the handshake is already done: its Register is welcome in every state.
        Receive<Tcp.Register>(register => Watch(register.Handler));
        Receive<Tcp.Received>(received =>
        {
            _tcpReadRequested = false;
            _transport.Feed(received.Data.ToArray());
        });
        Receive<TransportStarved>(_ => RequestCiphertext());
        Receive<OutputReady>(_ => SendOutput());
        Receive<Acked>(acked => _handler.Tell(acked.Inner));
        Receive<Tcp.CommandFailed>(failed => _handler.Tell(failed));
        Receive<Tcp.Abort>(_ => _tcp.Tell(Tcp.Abort.Instance));
        Receive<Tcp.PeerClosed>(_ =>
        {
            // The end of the ciphertext: the SslStream's read returns 0 and the handler gets PeerClosed from OnPlainRead.
            _peerClosed = true;
            _transport.EndInput();
        });
        Receive<Tcp.ConnectionClosed>(closed =>
        {
            TellHandlerClosed(closed);
            Context.Stop(Self);
        });
        Receive<Terminated>(terminated => terminated.ActorRef.Equals(_handler), _ =>
        {
            // The connection actor is gone without closing (it failed): nothing more can be served here.
            _tcp.Tell(Tcp.Abort.Instance);
            Context.Stop(Self);
        });
    }

    private void Watch(IActorRef handler)
    {
        _handler = handler;
        Context.Watch(handler);
    }

    private void RefuseHandshake(string reason)
    {
        // A plain-text client on the TLS port, a wrong or missing client certificate, an old protocol: Redis logs it
        // and closes the socket; the client sees the close (and the TLS alert, if the handshake got that far). The
        // connection actor above hears why at once.
        _log.Info("TLS handshake with {0} failed: {1}; closing the connection", _remote, reason);
        TellHandlerClosed(new TlsHandshakeFailed($"TLS handshake failed: {reason}"));
        SendOutput();
        _tcp.Tell(Tcp.Close.Instance);
        Become(() =>
        {
            Receive<Tcp.Write>(_ => { });
            Receive<Tcp.CloseCommand>(_ => { });
            Receive<Tcp.ResumeReading>(_ => { });
            Receive<HandshakeFailed>(_ => { });
            Receive<HandshakeTimedOut>(_ => _tcp.Tell(Tcp.Abort.Instance));
            ReceiveCommon();
        });
    }

    private void Encrypt(Tcp.Write write)
    {
        try
        {
            _transport.WriteInline(() => write.Data.WriteTo(_ssl));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _log.Info("TLS connection with {0}: cannot encrypt a write ({1}); closing it", _remote, e.Message);
            _tcp.Tell(Tcp.Abort.Instance);
            return;
        }

        var ciphertext = ByteString.FromBytes(_transport.TakeOutput());
        _tcp.Tell(write.WantsAck ? Tcp.Write.Create(ciphertext, new Acked(write.Ack)) : Tcp.Write.Create(ciphertext));
    }

    private void StartPlainRead()
    {
        if (!_handlerWantsRead || _readInFlight)
        {
            return;
        }

        _readInFlight = true;
        _ = _ssl.ReadAsync(_readBuffer).AsTask().PipeTo(Self, success: count => new PlainRead(count), failure: e => new TlsFailed(e.GetBaseException().Message));
    }

    private void OnPlainRead(PlainRead read)
    {
        _readInFlight = false;
        if (read.Count == 0)
        {
            // close_notify or the socket's end: as Akka.IO, the handler hears PeerClosed and closes its side.
            _handler.Tell(Tcp.PeerClosed.Instance);
            return;
        }

        _handlerWantsRead = false;
        _handler.Tell(new Tcp.Received(ByteString.CopyFrom(_readBuffer, 0, read.Count)));
    }

    private void RequestCiphertext()
    {
        if (!_tcpReadRequested && !_peerClosed)
        {
            _tcpReadRequested = true;
            _tcp.Tell(Tcp.ResumeReading.Instance);
        }
    }

    private void SendOutput()
    {
        var ciphertext = _transport.TakeOutput();
        if (ciphertext.Length > 0)
        {
            _tcp.Tell(Tcp.Write.Create(ByteString.FromBytes(ciphertext)));
        }
    }

    private void CloseGracefully(Tcp.CloseCommand how)
    {
        _closeRequested = how;
        _ = _ssl.ShutdownAsync().PipeTo(Self, success: () => CloseNotifySent.Instance, failure: _ => CloseNotifySent.Instance);
    }

    private void TellHandlerClosed(Tcp.ConnectionClosed closed)
    {
        // Before the handler registers there is no one to tell: it hears of a later event (or of PostStop's) instead.
        if (!_handlerToldClosed && !_handler.IsNobody())
        {
            _handlerToldClosed = true;
            _handler.Tell(closed);
        }
    }

    /// <summary>The connection actor's ack, returned to it when Akka.IO acknowledges the ciphertext that carried its write.</summary>
    private sealed class Acked(Tcp.Event inner) : Tcp.Event
    {
        public Tcp.Event Inner { get; } = inner;
    }

    private sealed record PlainRead(int Count);

    private sealed record TlsFailed(string Reason);

    private sealed record HandshakeFailed(string Reason);

    private sealed class HandshakeSucceeded
    {
        public static readonly HandshakeSucceeded Instance = new();
    }

    private sealed class HandshakeTimedOut
    {
        public static readonly HandshakeTimedOut Instance = new();
    }

    private sealed class TransportStarved
    {
        public static readonly TransportStarved Instance = new();
    }

    private sealed class OutputReady
    {
        public static readonly OutputReady Instance = new();
    }

    private sealed class CloseNotifySent
    {
        public static readonly CloseNotifySent Instance = new();
    }
}

using System.Net;
using System.Net.WebSockets;
using ActorRooms.Broker.Stats;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Broker.Web.WebSockets;

/// <summary>
/// One browser's WebSocket, presented to the broker as an Akka.IO TCP connection: it announces itself to the
/// <c>tcp-listener</c> with <see cref="Tcp.Connected"/>, so the listener starts the same
/// <see cref="Network.ClientConnectionActor"/> as for a Redis client (same rooms, permissions, limits, slow-consumer
/// policies, output bound, INFO and CLIENT LIST) and that actor drives this one with <c>Register</c>,
/// <c>ResumeReading</c>, acked <c>Write</c>s and <c>Close</c>/<c>ConfirmedClose</c>/<c>Abort</c>, as it drives
/// Akka.IO's own connection actor. On the way in, each JSON message becomes RESP commands (<see cref="WebSocketOps"/>);
/// on the way out, each write's RESP3 frames become JSON frames (<see cref="RespToJson"/>), sent as one text message
/// each, and the write is acknowledged only when the socket has taken them all — so a stalled browser stalls the acks,
/// its connection's output grows to its bound, and the slow-consumer policy cuts or conflates it exactly as for a TCP
/// client. It announces itself with <see cref="Network.WebSocketConnected"/>, so the byte counters get what crosses the
/// socket, counted here (<see cref="WebSocketFrameBytes"/>), not the RESP the connection actor reads and writes.
/// </summary>
public sealed class WebSocketConnectionActor : ReceiveActor
{
    private readonly WebSocket _socket;
    private readonly IActorRef _listener;
    private readonly EndPoint _remote;
    private readonly EndPoint _local;
    private readonly BrokerCounters _counters;
    private readonly int _maxMessageBytes;
    private readonly TaskCompletionSource _finished;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly WebSocketOps _ops = new();
    private readonly RespToJson _translator = new();
    private readonly Queue<PendingSend> _outgoing = new();
    private readonly CancellationTokenSource _abort = new();
    private IActorRef _handler = ActorRefs.Nobody;
    private bool _receiving;
    private bool _sending;
    // Close or ConfirmedClose (the connection actor's half-close), once asked: a WebSocket closes the same way for
    // both (a close frame once every queued frame is out), and answers with the matching event.
    private Tcp.CloseCommand? _closeRequested;
    private bool _closed;

    public WebSocketConnectionActor(WebSocket socket, IActorRef listener, EndPoint remote, EndPoint local, BrokerCounters counters, int maxMessageBytes, TaskCompletionSource finished)
    {
        _socket = socket;
        _listener = listener;
        _remote = remote;
        _local = local;
        _counters = counters;
        _maxMessageBytes = maxMessageBytes;
        _finished = finished;

        Receive<Tcp.Register>(register =>
        {
            _handler = register.Handler;
            Context.Watch(_handler);
        });
        Receive<Tcp.ResumeReading>(_ => StartReceive());
        Receive<Tcp.Write>(Write);
        Receive<Tcp.CloseCommand>(close => close is Tcp.Close or Tcp.ConfirmedClose, close =>
        {
            _closeRequested = close;
            CloseIfDrained();
        });
        Receive<Tcp.Abort>(_ =>
        {
            _handler.Tell(Tcp.Aborted.Instance);
            Context.Stop(Self);
        });
        Receive<MessageReceived>(OnMessage);
        Receive<SocketPeerClosed>(_ =>
        {
            _receiving = false;
            _handler.Tell(Tcp.PeerClosed.Instance);
        });
        Receive<SocketFailed>(failed =>
        {
            _log.Debug("WebSocket {0}: {1}", _remote, failed.Reason);
            _handler.Tell(new Tcp.ErrorClosed(failed.Reason));
            Context.Stop(Self);
        });
        Receive<Sent>(_ =>
        {
            var sent = _outgoing.Dequeue();
            _sending = false;
            if (sent.Ack is not null)
            {
                _handler.Tell(sent.Ack);
            }

            SendNext();
            CloseIfDrained();
        });
        Receive<ClosedByUs>(_ =>
        {
            _handler.Tell(_closeRequested is Tcp.ConfirmedClose ? Tcp.ConfirmedClosed.Instance : Tcp.Closed.Instance);
            Context.Stop(Self);
        });
        Receive<Terminated>(terminated => terminated.ActorRef.Equals(_handler), _ => Context.Stop(Self));
    }

    /// <summary>Props for the actor of one accepted WebSocket; <paramref name="finished"/> completes when it stops (the HTTP request then ends).</summary>
    public static Props Props(WebSocket socket, IActorRef listener, EndPoint remote, EndPoint local, BrokerCounters counters, int maxMessageBytes, TaskCompletionSource finished) =>
        Akka.Actor.Props.Create(() => new WebSocketConnectionActor(socket, listener, remote, local, counters, maxMessageBytes, finished));

    protected override void PreStart() => _listener.Tell(new Network.WebSocketConnected(_remote, _local));

    protected override void PostStop()
    {
        // After our close frame the pending receive is left to end by itself (the browser's close frame, or the
        // request's end): cancelling a WebSocket receive aborts the socket, and Kestrel would then drop the close
        // frame it may still hold unsent.
        if (!_closed)
        {
            _abort.Cancel();
        }

        if (_socket.State is not (WebSocketState.Closed or WebSocketState.Aborted) && !_closed)
        {
            _socket.Abort();
        }

        _abort.Dispose();
        _finished.TrySetResult();
    }

    private void StartReceive()
    {
        if (_receiving || _closeRequested is not null)
        {
            return;
        }

        _receiving = true;
        _ = WebSocketReceiver.ReceiveAsync(_socket, _maxMessageBytes, _abort.Token).PipeTo(
            Self,
            success: outcome => outcome,
            failure: e => new SocketFailed(e.GetBaseException().Message));
    }

    private void OnMessage(MessageReceived message)
    {
        _receiving = false;
        if (message.TooBig)
        {
            _counters.ProtocolError();
            _translator.Expect([WebSocketOps.Local("?", null, $"ERR Protocol error: a WebSocket message may hold at most {_maxMessageBytes} bytes; connection closed")]);
            SendLocalFrames();
            _handler.Tell(Tcp.PeerClosed.Instance);
            return;
        }

        _counters.BytesReceived(WebSocketFrameBytes.Received(message.Text.Length));
        var expected = new List<ExpectedReply>();
        var commands = _ops.Read(message.Text, expected);
        if (expected.Any(reply => reply.Shape == ReplyShape.Local))
        {
            _counters.ProtocolError();
        }

        _translator.Expect(expected);
        SendLocalFrames();
        if (commands.Length > 0)
        {
            _handler.Tell(new Tcp.Received(ByteString.FromBytes(commands)));
        }
        else
        {
            // Nothing reached the connection, so the read it asked for is still due.
            StartReceive();
        }
    }

    private void Write(Tcp.Write write)
    {
        var batch = new JsonFrameBatch();
        _translator.Translate(write.Data.ToArray(), batch);
        _outgoing.Enqueue(new PendingSend(batch, write.WantsAck ? write.Ack : null));
        SendNext();
    }

    private void SendLocalFrames()
    {
        var batch = new JsonFrameBatch();
        _translator.TakeLocalFrames(batch);
        if (batch.Count > 0)
        {
            _outgoing.Enqueue(new PendingSend(batch, null));
            SendNext();
        }
    }

    private void SendNext()
    {
        if (_sending || !_outgoing.TryPeek(out var next))
        {
            return;
        }

        _sending = true;
        _ = SendAllAsync(next.Frames).PipeTo(Self, success: () => Sent.Instance, failure: e => new SocketFailed(e.GetBaseException().Message));
    }

    private async Task SendAllAsync(JsonFrameBatch frames)
    {
        foreach (var frame in frames.Frames)
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _abort.Token).ConfigureAwait(false);
            _counters.BytesSent(WebSocketFrameBytes.Sent(frame.Length));
        }
    }

    private void CloseIfDrained()
    {
        if (_closeRequested is null || _sending || _outgoing.Count > 0 || _closed)
        {
            return;
        }

        _closed = true;
        _ = CloseOutputAsync().PipeTo(Self, success: () => ClosedByUs.Instance, failure: _ => ClosedByUs.Instance);
    }

    private async Task CloseOutputAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, timeout.Token).ConfigureAwait(false);
        }
    }

    /// <summary>The JSON frames of one write (or of local errors), and the ack to give once the socket took them.</summary>
    private sealed record PendingSend(JsonFrameBatch Frames, Tcp.Event? Ack);

    /// <summary>Every frame of the oldest pending send went out.</summary>
    private sealed class Sent
    {
        public static readonly Sent Instance = new();
    }

    private sealed class ClosedByUs
    {
        public static readonly ClosedByUs Instance = new();
    }

    private sealed record SocketFailed(string Reason);
}

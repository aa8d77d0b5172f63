using System.Buffers;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Stats;
using ActorRooms.Protocol.Resp;
using Akka.IO;

namespace ActorRooms.Broker.Network.Output;

/// <summary>
/// Everything between a connection's commands and its socket: the replies in request order, the bounded outbound
/// queue with at most one acked, coalesced write, the slow-consumer policy (disconnect) against the connection's
/// own bound and the broker-wide cap, and the resume-reading gate (one read at a time, only while the reads still
/// waiting for replies are few and the queue is short). It decides; the connection actor sends.
/// </summary>
public sealed class ConnectionOutput
{
    private readonly BrokerSettings _settings;
    private readonly BrokerCounters _counters;
    private readonly bool _countsWireBytes;

    // countsWireBytes: false when the transport counts the bytes that really cross it (a WebSocket: JSON frames, not
    // this RESP), both ways.
    public ConnectionOutput(BrokerSettings settings, BrokerCounters counters, bool countsWireBytes = true)
    {
        _settings = settings;
        _counters = counters;
        _countsWireBytes = countsWireBytes;
        Queue = new OutboundQueue(counters);
    }

    /// <summary>The replies of the commands run so far, in request order.</summary>
    public ReplyPipeline Replies { get; } = new();

    /// <summary>The bytes waiting for the socket.</summary>
    public OutboundQueue Queue { get; }

    /// <summary>True while a <c>ResumeReading</c> is outstanding (pull mode allows one read per request).</summary>
    public bool ReadRequested { get; private set; }

    /// <summary>
    /// True once the client was shed as a slow consumer: nothing more is queued for it and its close does not wait
    /// for pending replies.
    /// </summary>
    public bool IsShed { get; private set; }

    /// <summary>Bytes held for this connection: queued plus in flight.</summary>
    public long HeldBytes => Queue.HeldBytes;

    /// <summary>The reads whose replies still wait, which bound how far ahead the connection reads.</summary>
    public UnansweredReads Unanswered { get; } = new();

    /// <summary>Moves the replies that are complete, in order, to the outbound queue.</summary>
    public void TakeCompletedReplies()
    {
        Queue.Enqueue(Replies.TakeCompleted());
        Unanswered.Taken(Replies.TakenParts);
    }

    /// <summary>The commands of a read of <paramref name="bytes"/> bytes ran: it is unanswered until its last reply leaves.</summary>
    public void ReadRan(int bytes) => Unanswered.Ran(bytes, Replies.AddedParts, Replies.TakenParts);

    /// <summary>The next write to send, when none is outstanding and something is queued; counted as sent (unless the transport counts).</summary>
    public bool TryTakeWrite(out ByteString write)
    {
        if (!Queue.TryTakeWrite(out write))
        {
            return false;
        }

        if (_countsWireBytes)
        {
            _counters.BytesSent(write.Count);
        }

        return true;
    }

    /// <summary>The outstanding write completed.</summary>
    public void Acknowledge() => Queue.Acknowledge();

    /// <summary>A read of <paramref name="bytes"/> bytes arrived: the one outstanding request is used up; counted as received (unless the transport counts).</summary>
    public void ReadArrived(int bytes)
    {
        ReadRequested = false;
        if (_countsWireBytes)
        {
            _counters.BytesReceived(bytes);
        }
    }

    /// <summary>
    /// True when the next read may be requested now (and records it as requested): none is outstanding, the reads
    /// still waiting for replies hold less than <c>max-unanswered-read-bytes</c>, no command waits to run and no publish
    /// batch to be sent (<paramref name="commandsWaiting"/>), and the output is under <c>pause-reading-above</c>.
    /// </summary>
    public bool TryRequestRead(bool commandsWaiting)
    {
        if (ReadRequested || Unanswered.Bytes >= _settings.MaxUnansweredReadBytes || commandsWaiting
            || Queue.QueuedBytes + Queue.InFlightBytes > _settings.PauseReadingAbove)
        {
            return false;
        }

        ReadRequested = true;
        return true;
    }

    /// <summary>True when a closing connection has nothing left to write: its replies (unless shed) and its queue are done.</summary>
    public bool IsDrainedForClose => (Replies.IsEmpty || IsShed) && Queue.IsDrained;

    /// <summary>
    /// Why this connection's output is over a limit, or null: its own bound (<c>connection.max-queued-bytes</c>), or
    /// the broker-wide cap (<c>max-total-queued-bytes</c>) while it holds more than its fair share of that cap
    /// (the cap divided by the connected clients, at least 64 KiB), so the biggest holders go first and clients
    /// that keep up are never the ones shed.
    /// </summary>
    public string? OverLimit()
    {
        if (IsShed)
        {
            return null;
        }

        var held = Queue.HeldBytes;
        if (held > _settings.MaxQueuedBytes)
        {
            return $"output buffer limit of {_settings.MaxQueuedBytes} bytes reached";
        }

        var fairShare = Math.Max(64 * 1024, _settings.MaxTotalQueuedBytes / Math.Max(1, _counters.ConnectedClients));
        return _counters.OutputHeldBytes > _settings.MaxTotalQueuedBytes && held > fairShare
            ? $"broker output cap of {_settings.MaxTotalQueuedBytes} bytes reached while holding {held} bytes"
            : null;
    }

    /// <summary>
    /// The slow-consumer policy (disconnect): drops the queued output, counts it, and queues the one line that tells
    /// the client why it is closed. Returns the bytes dropped.
    /// </summary>
    public long Shed(string reason)
    {
        IsShed = true;
        var dropped = Queue.DiscardQueued();
        _counters.SlowConsumerDisconnected();
        var notice = new ArrayBufferWriter<byte>();
        RespWriter.Error(notice, $"ERR slow consumer: {reason}; connection closed");
        Queue.Enqueue(ByteString.FromBytes(notice.WrittenSpan.ToArray()));
        return dropped;
    }

    /// <summary>Queues bytes that are not replies (deliveries); nothing once the client was shed.</summary>
    public void Deliver(ByteString frames)
    {
        if (!IsShed)
        {
            Queue.Enqueue(frames);
        }
    }

    /// <summary>The connection is gone: nothing it held counts any more.</summary>
    public void Release() => Queue.Release();
}

using System.Buffers;
using ActorRooms.Broker.Stats;
using Akka.IO;

namespace ActorRooms.Broker.Network.Output;

/// <summary>
/// A connection's output waiting for the socket, counted in bytes. The connection keeps at most one acked write
/// outstanding; when it completes, everything queued leaves as one write: whole queued buffers copied into one pooled
/// 64 KiB buffer (under the 85 KB large-object threshold), or a single large buffer sent as it is. Queued buffers
/// are never cut, so every write ends on a frame boundary. A pooled buffer goes back to the pool only after its
/// write is acknowledged: the socket reads from it until then. Every byte it holds (queued or in flight) is also
/// counted in the broker-wide total that the global output cap is checked against.
/// </summary>
public sealed class OutboundQueue(BrokerCounters? counters = null)
{
    /// <summary>Most bytes coalesced into one write.</summary>
    public const int CoalesceLimit = 64 * 1024;

    private readonly Queue<ByteString> _queue = new();
    private byte[]? _inFlightBuffer;

    /// <summary>Bytes queued and not yet handed to the socket.</summary>
    public long QueuedBytes { get; private set; }

    /// <summary>Bytes of the write the socket is working on.</summary>
    public int InFlightBytes { get; private set; }

    /// <summary>True while a write is outstanding.</summary>
    public bool WriteInFlight { get; private set; }

    /// <summary>True when nothing is queued and nothing is being written.</summary>
    public bool IsDrained => !WriteInFlight && _queue.Count == 0;

    /// <summary>Number of queued buffers (CLIENT LIST's oll).</summary>
    public int QueuedBuffers => _queue.Count;

    /// <summary>Adds bytes to send; empty buffers are ignored.</summary>
    public void Enqueue(ByteString bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        _queue.Enqueue(bytes);
        QueuedBytes += bytes.Count;
        counters?.OutputHeld(bytes.Count);
    }

    /// <summary>Bytes held for this connection: queued plus in flight.</summary>
    public long HeldBytes => QueuedBytes + InFlightBytes;

    /// <summary>Takes the next write when none is outstanding and something is queued.</summary>
    public bool TryTakeWrite(out ByteString write)
    {
        write = ByteString.Empty;
        if (WriteInFlight || _queue.Count == 0)
        {
            return false;
        }

        var head = _queue.Peek();
        if (_queue.Count == 1 || head.Count + _queue.ElementAt(1).Count > CoalesceLimit)
        {
            // Nothing to coalesce with: send the immutable buffer itself, no copy.
            write = _queue.Dequeue();
        }
        else
        {
            var buffer = ArrayPool<byte>.Shared.Rent(CoalesceLimit);
            var used = 0;
            while (_queue.Count > 0 && used + _queue.Peek().Count <= CoalesceLimit)
            {
                var next = _queue.Dequeue();
                var destination = buffer.AsSpan(used, next.Count);
                next.CopyTo(ref destination);
                used += next.Count;
            }

            _inFlightBuffer = buffer;
            write = ByteString.FromBytes(buffer, 0, used);
        }

        QueuedBytes -= write.Count;
        InFlightBytes = write.Count;
        WriteInFlight = true;
        return true;
    }

    /// <summary>The outstanding write completed: its pooled buffer, if any, can be reused.</summary>
    public void Acknowledge()
    {
        if (_inFlightBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_inFlightBuffer);
            _inFlightBuffer = null;
        }

        counters?.OutputHeld(-InFlightBytes);
        InFlightBytes = 0;
        WriteInFlight = false;
    }

    /// <summary>Drops everything queued (not the write in flight); returns the bytes dropped.</summary>
    public long DiscardQueued()
    {
        var dropped = QueuedBytes;
        _queue.Clear();
        QueuedBytes = 0;
        counters?.OutputHeld(-dropped);
        return dropped;
    }

    /// <summary>The connection is gone: nothing it held counts any more (a pooled buffer still in flight is left to the GC).</summary>
    public void Release()
    {
        counters?.OutputHeld(-HeldBytes);
        _queue.Clear();
        QueuedBytes = 0;
        InFlightBytes = 0;
        _inFlightBuffer = null;
    }
}

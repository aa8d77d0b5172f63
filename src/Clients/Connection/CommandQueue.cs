using System.Buffers;
using Akka.IO;

namespace ActorRooms.Clients.Connection;

/// <summary>
/// A client connection's commands waiting for the socket, counted in bytes. The connection keeps at most one
/// acked write outstanding; when it completes, everything queued leaves as one write (the buffers are chained,
/// not copied). Pooled buffers go back to the pool only after the write that carried them is acknowledged: the
/// socket reads from them until then.
/// </summary>
public sealed class CommandQueue
{
    private readonly Queue<SendCommands> _queue = new();
    private readonly List<byte[]> _inFlightPooled = [];

    /// <summary>Bytes queued and not yet handed to the socket.</summary>
    public long QueuedBytes { get; private set; }

    /// <summary>True while a write is outstanding.</summary>
    public bool WriteInFlight { get; private set; }

    /// <summary>Adds commands to send.</summary>
    public void Enqueue(SendCommands commands)
    {
        _queue.Enqueue(commands);
        QueuedBytes += commands.Data.Count;
    }

    /// <summary>Takes everything queued as one write, when none is outstanding.</summary>
    public bool TryTakeWrite(out ByteString write)
    {
        write = ByteString.Empty;
        if (WriteInFlight || _queue.Count == 0)
        {
            return false;
        }

        while (_queue.TryDequeue(out var next))
        {
            write = write.IsEmpty ? next.Data : write.Concat(next.Data);
            _inFlightPooled.AddRange(next.PooledBuffers);
        }

        QueuedBytes = 0;
        WriteInFlight = true;
        return true;
    }

    /// <summary>The outstanding write completed: its pooled buffers can be reused.</summary>
    public void Acknowledge()
    {
        foreach (var buffer in _inFlightPooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _inFlightPooled.Clear();
        WriteInFlight = false;
    }

    /// <summary>
    /// The connection is gone: queued buffers go back to the pool; the buffers of the write in flight are left to
    /// the garbage collector, because the aborted socket may still be reading them.
    /// </summary>
    public void Clear()
    {
        while (_queue.TryDequeue(out var next))
        {
            ReturnToPool(next.PooledBuffers);
        }

        _inFlightPooled.Clear();
        QueuedBytes = 0;
        WriteInFlight = false;
    }

    /// <summary>Returns the buffers of commands that were never queued.</summary>
    public static void ReturnToPool(IReadOnlyList<byte[]> buffers)
    {
        foreach (var buffer in buffers)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

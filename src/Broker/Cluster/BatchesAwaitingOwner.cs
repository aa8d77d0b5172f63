using Akka.Actor;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// A node-local room's batches that its room owner has not acknowledged yet, oldest first. The publisher of each
/// waits for its PUBLISH replies (and reads no further) until the owner has taken the batch, which carries TCP
/// back-pressure across the cluster hop; a batch unacknowledged past the timeout (its owner moving or its node
/// lost) is answered anyway and counted, so a publisher never hangs on a lost owner.
/// </summary>
public sealed class BatchesAwaitingOwner
{
    private readonly Queue<Pending> _pending = new();
    private long _nextTicket;

    public int Count => _pending.Count;

    /// <summary>Records a batch sent to the owner; returns its ticket.</summary>
    public long Add(IActorRef publisher, long requestId, int messages, long nowMs)
    {
        var ticket = ++_nextTicket;
        _pending.Enqueue(new Pending(ticket, publisher, requestId, messages, nowMs));
        return ticket;
    }

    /// <summary>
    /// Removes and returns every batch up to and including <paramref name="ticket"/>: the owner takes a room's
    /// batches in the order they were sent, so earlier ones still pending were lost on the way (an owner moved).
    /// Returns nothing for a ticket already answered (a late ack after a timeout).
    /// </summary>
    public List<Pending> Acknowledge(long ticket, out int lost)
    {
        var done = new List<Pending>();
        lost = 0;
        while (_pending.Count > 0 && _pending.Peek().Ticket <= ticket)
        {
            var pending = _pending.Dequeue();
            if (pending.Ticket != ticket)
            {
                lost++;
            }

            done.Add(pending);
        }

        return done;
    }

    /// <summary>Removes and returns the batches sent before <paramref name="deadlineMs"/>.</summary>
    public List<Pending> Expire(long deadlineMs)
    {
        var expired = new List<Pending>();
        while (_pending.Count > 0 && _pending.Peek().SentAtMs < deadlineMs)
        {
            expired.Add(_pending.Dequeue());
        }

        return expired;
    }

    /// <summary>One batch waiting for its owner; <paramref name="SentAtMs"/> on a monotonic clock (Environment.TickCount64), which a wall-clock step cannot move.</summary>
    public sealed record Pending(long Ticket, IActorRef Publisher, long RequestId, int Messages, long SentAtMs);
}

namespace ActorRooms.Broker.Network.Output;

/// <summary>
/// The reads whose replies have not all left the reply pipeline, and their bytes. A connection reads on while
/// earlier replies wait for their rooms (a pipelining client's next commands run at once, as in redis-server), but
/// only while the unanswered reads hold less than a bound: a publisher still cannot run further ahead of its rooms
/// than that, and what it sends beyond waits in TCP. A read is answered once the pipeline has taken its last part.
/// </summary>
public sealed class UnansweredReads
{
    private readonly Queue<(long LastPart, int Bytes)> _reads = new();

    /// <summary>Bytes of the reads still waiting for a reply.</summary>
    public long Bytes { get; private set; }

    /// <summary>A read's commands ran; their replies end at part <paramref name="lastPart"/> of the pipeline.</summary>
    public void Ran(int bytes, long lastPart, long takenParts)
    {
        if (lastPart > takenParts)
        {
            _reads.Enqueue((lastPart, bytes));
            Bytes += bytes;
        }
    }

    /// <summary>The pipeline has taken its first <paramref name="takenParts"/> parts: reads whose replies all left are answered.</summary>
    public void Taken(long takenParts)
    {
        while (_reads.Count > 0 && _reads.Peek().LastPart <= takenParts)
        {
            Bytes -= _reads.Dequeue().Bytes;
        }
    }
}

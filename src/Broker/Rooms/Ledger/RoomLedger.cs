using ActorRooms.Broker.Hosting;

namespace ActorRooms.Broker.Rooms.Ledger;

/// <summary>
/// A room owner's state, with no Akka in it: the epoch, the next sequence number, the bounded history ring, the last
/// value per key and the traffic counters. The owner calls <see cref="Append"/> with each batch it orders, in order,
/// from one thread. On a single node the room actor holds it; in cluster mode the sharded owner entity holds the same
/// class. Its epoch is chosen when it is created, so an owner that lost its state (restarted, stopped when idle and
/// started again) tells its readers by a new epoch rather than by silently starting again at seq 1.
/// </summary>
public sealed class RoomLedger
{
    private readonly RoomFeatureSettings _limits;
    // Grows as messages arrive, up to history-size: a room that never sees many messages never pays for a full ring.
    private RoomEntry[] _ring = [];
    // Unkeyed payloads are copied into it; keyed ones get an array each, so a last value never pins a chunk.
    private readonly PayloadArena _arena = new();
    // Made on the first keyed message (ROOM.PUBLISH ... KEY): most rooms never see one.
    private KeyLastValues? _lastValues;

    // Mutable structs, updated in place (not copies): no object per rate.
    private PerSecondRate _inRate;
    private PerSecondRate _outRate;
    private int _head;
    private int _count;
    private long _historyBytes;
    private long _messagesIn;
    private long _messagesOut;
    private int _lastFanOut;
    private long? _lastPublishMs;

    /// <summary>
    /// The largest epoch: 2^53 − 1, the largest integer a JavaScript number (an IEEE double) holds exactly, so a client
    /// in any language reads the epoch it resumes from without rounding.
    /// </summary>
    public const long MaxEpoch = (1L << 53) - 1;

    /// <summary>A ledger with a fresh random epoch (1 … <see cref="MaxEpoch"/>), or <paramref name="epoch"/> (positive) when given.</summary>
    public RoomLedger(RoomFeatureSettings limits, long? epoch = null)
    {
        if (epoch is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "An epoch is positive.");
        }

        _limits = limits;
        Epoch = epoch ?? Random.Shared.NextInt64(1, MaxEpoch + 1);
    }

    /// <summary>Names this ledger's numbering: sequence numbers of different epochs are unrelated.</summary>
    public long Epoch { get; }

    /// <summary>The last sequence number assigned; 0 before the first message.</summary>
    public long LastSeq { get; private set; }

    /// <summary>The oldest sequence number still in the history; <see cref="LastSeq"/> + 1 when it holds nothing.</summary>
    public long OldestSeq => _count > 0 ? _ring[_head].Seq : LastSeq + 1;

    /// <summary>Messages held in the history.</summary>
    public int HistoryCount => _count;

    /// <summary>Keys that have a last value.</summary>
    public int KeyCount => _lastValues?.Count ?? 0;

    /// <summary>
    /// Orders one batch: gives each message the next sequence number, keeps it in the history and, when keyed, as
    /// its key's last value. Payloads are copied (keyed ones each on their own, so a last value never pins a whole
    /// chunk; unkeyed ones together into the <see cref="PayloadArena"/>). Returns the entries in order.
    /// </summary>
    public RoomEntry[] Append(IReadOnlyList<ReadOnlyMemory<byte>> payloads, IReadOnlyList<string?>? keys, long nowMs)
    {
        var entries = new RoomEntry[payloads.Count];
        // Made on the first unkeyed payload (at once when none is keyed). Not "cond ? copy : null": null would become
        // an empty Memory through byte[]'s conversion, and the copy would never be made.
        Memory<byte>? unkeyed = keys is null ? CopyTogether(payloads, keys) : default(Memory<byte>?);
        var unkeyedAt = 0;
        for (var i = 0; i < payloads.Count; i++)
        {
            var key = keys?[i];
            ReadOnlyMemory<byte> payload;
            if (key is null)
            {
                unkeyed ??= CopyTogether(payloads, keys);
                payload = unkeyed.Value.Slice(unkeyedAt, payloads[i].Length);
                unkeyedAt += payloads[i].Length;
            }
            else
            {
                payload = payloads[i].ToArray();
            }

            var entry = new RoomEntry(++LastSeq, key, nowMs, payload);
            entries[i] = entry;
            Remember(entry);
            if (key is not null)
            {
                SetLastValue(entry);
            }
        }

        _messagesIn += payloads.Count;
        _inRate.Add(payloads.Count, nowMs);
        _lastPublishMs = nowMs;
        return entries;
    }

    /// <summary>
    /// A node's copy of a cluster owner's ledger, as the owner sent it: its epoch, its last seq, its history (oldest
    /// first, contiguous) and its last values (in update order). Batches the owner orders later are applied with
    /// <see cref="SkipTo"/> and <see cref="Append"/>, so the copy numbers them as the owner did.
    /// </summary>
    public static RoomLedger Restore(RoomFeatureSettings limits, long epoch, long lastSeq, IReadOnlyList<RoomEntry> history, IReadOnlyList<RoomEntry> lastValues)
    {
        var ledger = new RoomLedger(limits, epoch);
        ledger.LastSeq = history.Count > 0 ? history[0].Seq - 1 : lastSeq;
        foreach (var entry in history)
        {
            // Copied out of the network buffer, which holds the whole mirror.
            var own = entry with { Payload = entry.Payload.ToArray() };
            ledger.Remember(own);
            ledger.LastSeq = own.Seq;
        }

        foreach (var entry in lastValues)
        {
            ledger.SetLastValue(entry with { Payload = entry.Payload.ToArray() });
        }

        ledger.LastSeq = lastSeq;
        return ledger;
    }

    /// <summary>
    /// Moves the numbering forward to <paramref name="lastSeq"/> without messages: a cluster node's copy missed
    /// batches (a gap it fills from the owner's history; none should open while both nodes are up). The history is
    /// emptied, because it must stay contiguous: a FROM or LAST reaching before the jump gets the explicit "history
    /// exhausted" notice, never a silent skip.
    /// </summary>
    public void SkipTo(long lastSeq)
    {
        if (lastSeq <= LastSeq)
        {
            return;
        }

        while (_count > 0)
        {
            Forget();
        }

        LastSeq = lastSeq;
    }

    /// <summary>Counts a batch of <paramref name="messages"/> delivered to <paramref name="receivers"/> subscriptions.</summary>
    public void Delivered(int messages, int receivers, long nowMs)
    {
        _lastFanOut = receivers;
        _messagesOut += (long)messages * receivers;
        _outRate.Add((long)messages * receivers, nowMs);
    }

    /// <summary>The last value of every key, in sequence order (what SNAPSHOT sends).</summary>
    public IReadOnlyList<RoomEntry> LastValues() => _lastValues is null ? [] : _lastValues.InOrder();

    /// <summary>The last value of <paramref name="key"/>, if it has one.</summary>
    public bool TryGetLastValue(string key, out RoomEntry entry)
    {
        entry = default;
        return _lastValues is not null && _lastValues.TryGet(key, out entry);
    }

    /// <summary>
    /// The history from <paramref name="fromSeq"/> on (values below 1 mean from the start). When the history no
    /// longer reaches back to it, the replay says so with the oldest seq it still has. Past the last seq: nothing.
    /// </summary>
    public HistoryReplay Replay(long fromSeq)
    {
        var from = Math.Max(1, fromSeq);
        if (from > LastSeq)
        {
            return new HistoryReplay([], from, null);
        }

        var oldest = OldestSeq;
        var start = Math.Max(from, oldest);
        var entries = new RoomEntry[LastSeq - start + 1];
        var offset = (int)(start - oldest);
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = _ring[(_head + offset + i) % _ring.Length];
        }

        return new HistoryReplay(entries, from, from < oldest ? oldest : null);
    }

    /// <summary>The last <paramref name="count"/> messages (LAST n), with the same exhausted rule as <see cref="Replay"/>.</summary>
    public HistoryReplay ReplayLast(long count) =>
        count <= 0 ? new HistoryReplay([], LastSeq + 1, null) : Replay(Math.Max(1, LastSeq - count + 1));

    /// <summary>The traffic figures at <paramref name="nowMs"/>.</summary>
    public RoomTelemetry Telemetry(long nowMs) => new(
        _messagesIn,
        _messagesOut,
        _inRate.PerSecond(nowMs),
        _outRate.PerSecond(nowMs),
        _lastFanOut,
        _lastPublishMs,
        _count,
        _historyBytes,
        KeyCount,
        _lastValues?.Evicted ?? 0);

    // One buffer for every unkeyed payload of a batch: one allocation per batch, not per message.
    private Memory<byte> CopyTogether(IReadOnlyList<ReadOnlyMemory<byte>> payloads, IReadOnlyList<string?>? keys)
    {
        var total = 0;
        for (var i = 0; i < payloads.Count; i++)
        {
            if (keys?[i] is null)
            {
                total += payloads[i].Length;
            }
        }

        var buffer = _arena.Take(total);
        var at = 0;
        for (var i = 0; i < payloads.Count; i++)
        {
            if (keys?[i] is null)
            {
                payloads[i].Span.CopyTo(buffer.Span[at..]);
                at += payloads[i].Length;
            }
        }

        return buffer;
    }

    private void Remember(RoomEntry entry)
    {
        if (_limits.HistorySize == 0)
        {
            return;
        }

        if (_count == _ring.Length)
        {
            if (_ring.Length < _limits.HistorySize)
            {
                Grow();
            }
            else
            {
                Forget();
            }
        }

        _ring[(_head + _count) % _ring.Length] = entry;
        _count++;
        _historyBytes += entry.Payload.Length;
        while (_count > 0 && _historyBytes > _limits.HistoryMaxBytes)
        {
            Forget();
        }
    }

    // Doubles the ring (from 2, at most to history-size), oldest entry first: a room that had one message holds two
    // slots, not a full ring (issue 20: millions of quiet rooms).
    private void Grow()
    {
        var grown = new RoomEntry[Math.Min(_limits.HistorySize, Math.Max(2, _ring.Length * 2))];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = _ring[(_head + i) % _ring.Length];
        }

        _ring = grown;
        _head = 0;
    }

    private void Forget()
    {
        _historyBytes -= _ring[_head].Payload.Length;
        _ring[_head] = default;
        _head = (_head + 1) % _ring.Length;
        _count--;
    }

    private void SetLastValue(RoomEntry entry) => (_lastValues ??= new KeyLastValues(_limits.MaxKeys)).Set(entry);
}

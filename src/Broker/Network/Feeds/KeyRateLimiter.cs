using ActorRooms.Broker.Rooms.Ledger;

namespace ActorRooms.Broker.Network.Feeds;

/// <summary>
/// MAXRATE n for one ROOM.JOIN member: at most one message per key every 1/n second. A message that comes sooner
/// waits as its key's pending message, replaced by any newer one (conflated), and goes when its key's interval has
/// passed. Unkeyed messages share one slot. Memory is one small state per key seen recently; keys with nothing
/// pending whose interval has passed are forgotten. Time is passed in, so the rule is tested without clocks.
/// </summary>
public sealed class KeyRateLimiter
{
    private readonly TimeSpan _interval;
    private readonly Dictionary<string, KeySlot> _slots = new(StringComparer.Ordinal);
    private readonly KeySlot _unkeyed = new();
    private int _pending;

    /// <summary>A limiter of <paramref name="perSecond"/> messages per second per key.</summary>
    public KeyRateLimiter(int perSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        PerSecond = perSecond;
        _interval = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / perSecond);
    }

    public int PerSecond { get; }

    /// <summary>Messages waiting for their key's interval.</summary>
    public int PendingCount => _pending;

    /// <summary>Messages replaced by a newer one of the same key before they could go.</summary>
    public long Conflated { get; private set; }

    /// <summary>
    /// Offers a batch at <paramref name="now"/>; returns what may go now, in order. The rest waits (newest per key).
    /// </summary>
    public List<RoomEntry> Offer(IReadOnlyList<RoomEntry> entries, TimeSpan now)
    {
        var ready = new List<RoomEntry>(entries.Count);
        foreach (var entry in entries)
        {
            var slot = SlotOf(entry.Key);
            if (slot.Pending is null && now >= slot.NextAllowed)
            {
                slot.NextAllowed = now + _interval;
                ready.Add(entry);
                continue;
            }

            if (slot.Pending is null)
            {
                _pending++;
            }
            else
            {
                Conflated++;
            }

            slot.Pending = entry;
        }

        return ready;
    }

    /// <summary>The waiting messages whose interval has passed at <paramref name="now"/>, in seq order.</summary>
    public List<RoomEntry> Release(TimeSpan now)
    {
        var ready = new List<RoomEntry>();
        ReleaseSlot(_unkeyed, now, ready);
        List<string>? idle = null;
        foreach (var (key, slot) in _slots)
        {
            ReleaseSlot(slot, now, ready);
            if (slot.Pending is null && now >= slot.NextAllowed)
            {
                (idle ??= []).Add(key);
            }
        }

        foreach (var key in idle ?? [])
        {
            _slots.Remove(key);
        }

        ready.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return ready;
    }

    /// <summary>When the next waiting message may go, or null when none waits.</summary>
    public TimeSpan? NextDue()
    {
        if (_pending == 0)
        {
            return null;
        }

        var due = _unkeyed.Pending is null ? TimeSpan.MaxValue : _unkeyed.NextAllowed;
        foreach (var slot in _slots.Values)
        {
            if (slot.Pending is not null && slot.NextAllowed < due)
            {
                due = slot.NextAllowed;
            }
        }

        return due;
    }

    private void ReleaseSlot(KeySlot slot, TimeSpan now, List<RoomEntry> ready)
    {
        if (slot.Pending is { } pending && now >= slot.NextAllowed)
        {
            ready.Add(pending);
            slot.Pending = null;
            slot.NextAllowed = now + _interval;
            _pending--;
        }
    }

    private KeySlot SlotOf(string? key)
    {
        if (key is null)
        {
            return _unkeyed;
        }

        if (!_slots.TryGetValue(key, out var slot))
        {
            slot = new KeySlot();
            _slots.Add(key, slot);
        }

        return slot;
    }

    private sealed class KeySlot
    {
        public TimeSpan NextAllowed { get; set; } = TimeSpan.MinValue;

        public RoomEntry? Pending { get; set; }
    }
}

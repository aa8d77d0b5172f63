namespace ActorRooms.Broker.Rooms.Ledger;

/// <summary>
/// The last value of each key of a room (ROOM.PUBLISH … KEY), bounded by <c>max-keys</c>: when a new key would go
/// over, the key updated least recently is evicted. Kept in update order, which is also ascending seq, so SNAPSHOT
/// sends the values as they were published. A ledger makes it on its first keyed message: most rooms never see one.
/// </summary>
public sealed class KeyLastValues(int maxKeys)
{
    private readonly Dictionary<string, LinkedListNode<RoomEntry>> _byKey = new(StringComparer.Ordinal);

    // Keys in the order of their last update, least recent first: also ascending seq of the last values.
    private readonly LinkedList<RoomEntry> _byUpdate = [];

    /// <summary>Keys that have a last value.</summary>
    public int Count => _byKey.Count;

    /// <summary>Keys evicted so far to stay within <c>max-keys</c>.</summary>
    public long Evicted { get; private set; }

    /// <summary>The last value of every key, in sequence order.</summary>
    public IReadOnlyList<RoomEntry> InOrder() => [.. _byUpdate];

    /// <summary>The last value of <paramref name="key"/>, if it has one.</summary>
    public bool TryGet(string key, out RoomEntry entry)
    {
        if (_byKey.TryGetValue(key, out var node))
        {
            entry = node.Value;
            return true;
        }

        entry = default;
        return false;
    }

    /// <summary>Makes a keyed <paramref name="entry"/> its key's last value, evicting the stalest key when full.</summary>
    public void Set(RoomEntry entry)
    {
        if (_byKey.TryGetValue(entry.Key!, out var node))
        {
            // Moving the node keeps the list in update order without allocating.
            _byUpdate.Remove(node);
            node.Value = entry;
            _byUpdate.AddLast(node);
            return;
        }

        if (_byKey.Count >= maxKeys)
        {
            var stalest = _byUpdate.First!;
            _byUpdate.RemoveFirst();
            _byKey.Remove(stalest.Value.Key!);
            Evicted++;
        }

        _byKey.Add(entry.Key!, _byUpdate.AddLast(entry));
    }
}

namespace ActorRooms.Broker.Rooms.Ledger;

/// <summary>
/// Counts events in whole wall-clock seconds and reports the last complete second, so ROOM.INFO shows a steady
/// messages-per-second figure without keeping a timestamp per message. A mutable struct, so a ledger holds its
/// rates inline (keep it in a field and call it there: a copy counts on its own).
/// </summary>
public struct PerSecondRate
{
    // Second 0 of the Unix epoch stands for "nothing counted yet": no clock reads it.
    private long _second;
    private long _current;
    private long _previous;

    /// <summary>Adds <paramref name="count"/> events that happened at <paramref name="nowMs"/> (Unix ms, never earlier than the last call).</summary>
    public void Add(long count, long nowMs)
    {
        Roll(nowMs / 1000);
        _current += count;
    }

    /// <summary>Events in the last complete second before <paramref name="nowMs"/>.</summary>
    public readonly long PerSecond(long nowMs)
    {
        var second = nowMs / 1000;
        if (second == _second)
        {
            return _previous;
        }

        return second == _second + 1 ? _current : 0;
    }

    private void Roll(long second)
    {
        if (second == _second)
        {
            return;
        }

        _previous = second == _second + 1 ? _current : 0;
        _current = 0;
        _second = second;
    }
}

namespace ActorRooms.Broker.Rooms.Ledger;

/// <summary>
/// Counts events in whole wall-clock seconds and reports the last complete second, so ROOM.INFO shows a steady
/// messages-per-second figure without keeping a timestamp per message.
/// </summary>
public sealed class PerSecondRate
{
    private long _second = long.MinValue;
    private long _current;
    private long _previous;

    /// <summary>Adds <paramref name="count"/> events that happened at <paramref name="nowMs"/> (Unix ms, never earlier than the last call).</summary>
    public void Add(long count, long nowMs)
    {
        Roll(nowMs / 1000);
        _current += count;
    }

    /// <summary>Events in the last complete second before <paramref name="nowMs"/>.</summary>
    public long PerSecond(long nowMs)
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

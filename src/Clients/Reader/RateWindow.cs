namespace ActorRooms.Clients.Reader;

/// <summary>
/// Events per second over a sliding window, in fixed buckets: adding is O(1) and memory is constant whatever the
/// rate. Until the window has filled (just after the first event) the rate is over the time since that event, so
/// the first figures are not diluted. Times are monotonic offsets supplied by the caller.
/// </summary>
public sealed class RateWindow
{
    private readonly long[] _buckets;
    private readonly long _bucketTicks;
    private long _newest = long.MinValue;
    private TimeSpan? _first;

    /// <summary>A window of <paramref name="window"/> in <paramref name="buckets"/> buckets.</summary>
    public RateWindow(TimeSpan window, int buckets = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(window.Ticks, buckets);
        _buckets = new long[buckets];
        _bucketTicks = window.Ticks / buckets;
    }

    /// <summary>Counts <paramref name="count"/> events at <paramref name="now"/>.</summary>
    public void Add(TimeSpan now, long count = 1)
    {
        _first ??= now;
        var index = Advance(now);
        _buckets[index % _buckets.Length] += count;
    }

    /// <summary>Events per second over the window ending at <paramref name="now"/>.</summary>
    public double PerSecond(TimeSpan now)
    {
        if (_first is not { } first)
        {
            return 0;
        }

        var current = Advance(now);
        var sum = _buckets.Sum();
        // The window: the full buckets before the current one, plus the part of the current one that has passed.
        var windowStart = (current - _buckets.Length + 1) * _bucketTicks;
        var start = Math.Max(windowStart, first.Ticks);
        var span = Math.Max(now.Ticks - start, _bucketTicks / 2);
        return sum * (double)TimeSpan.TicksPerSecond / span;
    }

    /// <summary>Moves the window to <paramref name="now"/>, emptying buckets that fell out of it; returns the current bucket number.</summary>
    private long Advance(TimeSpan now)
    {
        var index = now.Ticks / _bucketTicks;
        if (_newest == long.MinValue || index - _newest >= _buckets.Length)
        {
            Array.Clear(_buckets);
        }
        else
        {
            for (var i = _newest + 1; i <= index; i++)
            {
                _buckets[i % _buckets.Length] = 0;
            }
        }

        if (index > _newest)
        {
            _newest = index;
        }

        return _newest;
    }
}

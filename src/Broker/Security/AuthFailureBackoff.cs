namespace ActorRooms.Broker.Security;

/// <summary>
/// How long a connection waits before it hears WRONGPASS: the configured delay, doubled with every further failure
/// on the same connection, up to the configured cap. A client guessing passwords gets slower answers, and after
/// <c>max-auth-failures</c> the connection is closed.
/// </summary>
public sealed record AuthFailureBackoff(TimeSpan FirstDelay, TimeSpan MaxDelay, int MaxFailures)
{
    /// <summary>The wait before the reply to failure number <paramref name="failures"/> (1 for the first).</summary>
    public TimeSpan DelayAfter(int failures)
    {
        if (failures < 1 || FirstDelay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        // Doubling stops at 2^20: far past any cap anyone configures, and no overflow.
        var factor = 1L << Math.Min(failures - 1, 20);
        var ticks = FirstDelay.Ticks > MaxDelay.Ticks / factor ? MaxDelay.Ticks : FirstDelay.Ticks * factor;
        return TimeSpan.FromTicks(Math.Min(ticks, MaxDelay.Ticks));
    }

    /// <summary>True when failure number <paramref name="failures"/> is the last one a connection may make.</summary>
    public bool IsLast(int failures) => failures >= MaxFailures;
}

namespace ActorRooms.Clients.Connection;

/// <summary>
/// Waits between connection attempts: <c>min</c>, then doubling, capped at <c>max</c>; back to <c>min</c> once the
/// server has answered on a connection (a server that accepts and then drops us at once is still backed off).
/// No jitter: a pump and a reader are one client each, not a herd.
/// </summary>
public sealed class Backoff(TimeSpan min, TimeSpan max)
{
    /// <summary>Failed attempts since the last reset.</summary>
    public int Attempt { get; private set; }

    /// <summary>The wait before the next attempt; counts one more failure.</summary>
    public TimeSpan Next()
    {
        var delay = min;
        for (var i = 0; i < Attempt && delay < max; i++)
        {
            delay *= 2;
        }

        Attempt++;
        return delay < max ? delay : max;
    }

    /// <summary>The server answered: start again from the shortest wait.</summary>
    public void Reset() => Attempt = 0;
}

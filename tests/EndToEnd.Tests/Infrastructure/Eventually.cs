namespace ActorRooms.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The one bounded polling helper of the end-to-end tests: for conditions that become true by gossip, failure
/// detection, a timer or another process, never a fixed sleep.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout, what);

    /// <inheritdoc cref="HoldsAsync(Func{bool}, TimeSpan, string)"/>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        if (!await WithinAsync(condition, timeout))
        {
            throw new TimeoutException($"Waited {timeout} for {what}.");
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
    public static async Task<bool> WithinAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(Interval);
        }

        return true;
    }
}

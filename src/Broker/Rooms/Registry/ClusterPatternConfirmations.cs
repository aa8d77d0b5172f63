using Akka.Actor;

namespace ActorRooms.Broker.Rooms.Registry;

/// <summary>
/// Cluster mode: a PSUBSCRIBE of a pattern new to this node is confirmed only once every node knows this node holds
/// it (the <c>PatternInterestActor</c> says so). This keeps which patterns every node already knows of, and the
/// subscribers whose confirmation waits for the others; the first waiter of a pattern is the one that asks.
/// </summary>
public sealed class ClusterPatternConfirmations
{
    private readonly HashSet<string> _knownClusterWide = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(IActorRef Subscriber, PatternRoomsNotified Reply)>> _waiting = new(StringComparer.Ordinal);

    /// <summary>True when every node already knows this node holds <paramref name="pattern"/>: confirm at once.</summary>
    public bool IsKnown(string pattern) => _knownClusterWide.Contains(pattern);

    /// <summary>Keeps a confirmation until the pattern is known; true when it is the first (ask the interest actor now).</summary>
    public bool Wait(string pattern, IActorRef subscriber, PatternRoomsNotified reply)
    {
        var first = !_waiting.TryGetValue(pattern, out var waiting);
        if (first)
        {
            waiting = [];
            _waiting.Add(pattern, waiting);
        }

        waiting!.Add((subscriber, reply));
        return first;
    }

    /// <summary>
    /// Every node knows of <paramref name="pattern"/> now: remembers it while it still has subscribers here
    /// (<paramref name="stillHeld"/>), and returns the confirmations that waited for it.
    /// </summary>
    public IReadOnlyList<(IActorRef Subscriber, PatternRoomsNotified Reply)> Confirmed(string pattern, bool stillHeld)
    {
        if (stillHeld)
        {
            _knownClusterWide.Add(pattern);
        }

        return _waiting.Remove(pattern, out var waiting) ? waiting : [];
    }

    /// <summary>The pattern's last subscriber here left: its next first subscriber waits again.</summary>
    public void Forget(string pattern) => _knownClusterWide.Remove(pattern);
}

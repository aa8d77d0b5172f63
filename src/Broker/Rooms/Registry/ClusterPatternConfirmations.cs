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

    // Waits whose request was followed by a removal before it was confirmed: their confirmation, when it comes, no
    // longer means that every node knows the pattern (the removal follows it everywhere), so it only answers them.
    private readonly Dictionary<string, Queue<List<(IActorRef Subscriber, PatternRoomsNotified Reply)>>> _superseded = new(StringComparer.Ordinal);

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
        if (_superseded.TryGetValue(pattern, out var older))
        {
            // The interest actor answers one pattern's requests in the order they were made: this is the oldest.
            var answered = older.Dequeue();
            if (older.Count == 0)
            {
                _superseded.Remove(pattern);
            }

            return answered;
        }

        if (stillHeld)
        {
            _knownClusterWide.Add(pattern);
        }

        return _waiting.Remove(pattern, out var waiting) ? waiting : [];
    }

    /// <summary>
    /// The pattern's last subscriber here left (its removal is on its way to every node): its next first subscriber
    /// waits again, and asks again even if an earlier request is still unanswered.
    /// </summary>
    public void Forget(string pattern)
    {
        _knownClusterWide.Remove(pattern);
        if (_waiting.Remove(pattern, out var waiting))
        {
            if (!_superseded.TryGetValue(pattern, out var older))
            {
                older = new Queue<List<(IActorRef Subscriber, PatternRoomsNotified Reply)>>();
                _superseded.Add(pattern, older);
            }

            older.Enqueue(waiting);
        }
    }
}

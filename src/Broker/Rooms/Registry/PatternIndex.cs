using ActorRooms.Protocol.PubSub;
using ActorRooms.Protocol.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Rooms.Registry;

/// <summary>
/// A node's pattern subscriptions (PSUBSCRIBE), indexed both ways: each pattern's subscribers with their protocol,
/// and each subscriber's patterns (to drop them all when it stops). Answers which subscriptions a room name matches.
/// Plain state; the registry actor owns one.
/// </summary>
public sealed class PatternIndex
{
    private readonly Dictionary<string, Dictionary<IActorRef, RespProtocol>> _patterns = [];
    private readonly Dictionary<IActorRef, HashSet<string>> _bySubscriber = [];

    /// <summary>How many distinct patterns have at least one subscriber (PUBSUB NUMPAT).</summary>
    public int Count => _patterns.Count;

    /// <summary>True when <paramref name="pattern"/> has at least one subscriber.</summary>
    public bool Contains(string pattern) => _patterns.ContainsKey(pattern);

    /// <summary>
    /// Adds (or changes the protocol of) a subscription. Returns true when <paramref name="subscriber"/> had no
    /// pattern before (the registry starts watching it).
    /// </summary>
    public bool Add(string pattern, IActorRef subscriber, RespProtocol protocol)
    {
        if (!_patterns.TryGetValue(pattern, out var subscribers))
        {
            subscribers = [];
            _patterns.Add(pattern, subscribers);
        }

        subscribers[subscriber] = protocol;
        var isNewSubscriber = !_bySubscriber.TryGetValue(subscriber, out var patterns);
        if (isNewSubscriber)
        {
            patterns = [];
            _bySubscriber.Add(subscriber, patterns);
        }

        patterns!.Add(pattern);
        return isNewSubscriber;
    }

    /// <summary>Removes a subscription, and says what that changed.</summary>
    public PatternRemoval Remove(string pattern, IActorRef subscriber)
    {
        if (!_patterns.TryGetValue(pattern, out var subscribers) || !subscribers.Remove(subscriber))
        {
            return PatternRemoval.NotSubscribed;
        }

        var patternGone = subscribers.Count == 0;
        if (patternGone)
        {
            _patterns.Remove(pattern);
        }

        var subscriberGone = false;
        if (_bySubscriber.TryGetValue(subscriber, out var patterns) && patterns.Remove(pattern) && patterns.Count == 0)
        {
            _bySubscriber.Remove(subscriber);
            subscriberGone = true;
        }

        return new PatternRemoval(Removed: true, patternGone, subscriberGone);
    }

    /// <summary>The patterns <paramref name="subscriber"/> holds (a copy, safe to remove from while enumerating).</summary>
    public IReadOnlyList<string> PatternsOf(IActorRef subscriber) =>
        _bySubscriber.TryGetValue(subscriber, out var patterns) ? [.. patterns] : [];

    /// <summary>True when any pattern matches <paramref name="room"/>.</summary>
    public bool AnyMatches(string room) => _patterns.Keys.Any(p => GlobPattern.IsMatch(p, room));

    /// <summary>Every subscription whose pattern matches <paramref name="room"/> (what a room starting now serves).</summary>
    public IReadOnlyList<PatternMembership> Matching(string room)
    {
        List<PatternMembership>? matches = null;
        foreach (var (pattern, subscribers) in _patterns)
        {
            if (GlobPattern.IsMatch(pattern, room))
            {
                (matches ??= []).AddRange(subscribers.Select(s => new PatternMembership(pattern, s.Key, s.Value)));
            }
        }

        // The room's props keep this list while the room lives: most rooms match no pattern and share one empty list.
        return matches ?? (IReadOnlyList<PatternMembership>)[];
    }
}

/// <summary>
/// What removing a subscription changed: whether it existed, whether it was its pattern's last subscriber
/// (<paramref name="PatternGone"/>), and whether it was its subscriber's last pattern (<paramref name="SubscriberGone"/>).
/// </summary>
public readonly record struct PatternRemoval(bool Removed, bool PatternGone, bool SubscriberGone)
{
    /// <summary>Nothing was removed: the subscriber did not hold the pattern.</summary>
    public static PatternRemoval NotSubscribed => default;
}

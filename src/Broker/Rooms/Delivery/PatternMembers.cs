using System.Text;
using Akka.Actor;

namespace ActorRooms.Broker.Rooms.Delivery;

/// <summary>
/// The pattern subscriptions a room serves: for each pattern that matches the room's name, its members and its
/// <c>pmessage</c> heads. Each pattern's members get the batch encoded once per protocol, as channel members do.
/// </summary>
public sealed class PatternMembers(byte[] room)
{
    // Made on the first pattern: most rooms match none.
    private Dictionary<string, Pattern>? _patterns;

    /// <summary>How many patterns have members here.</summary>
    public int PatternCount => _patterns?.Count ?? 0;

    /// <summary>How many pattern subscriptions (pattern, member) the room serves.</summary>
    public int SubscriptionCount
    {
        get
        {
            var count = 0;
            foreach (var pattern in _patterns?.Values ?? Enumerable.Empty<Pattern>())
            {
                count += pattern.Members.Count;
            }

            return count;
        }
    }

    /// <summary>Every actor that is a member of at least one pattern, once.</summary>
    public IReadOnlyList<IActorRef> DistinctMembers() => (_patterns?.Values ?? Enumerable.Empty<Pattern>()).SelectMany(p => p.Members.Actors).Distinct().ToList();

    /// <summary>True when <paramref name="member"/> is a member of any pattern.</summary>
    public bool Contains(IActorRef member) => _patterns?.Values.Any(p => p.Members.Contains(member)) ?? false;

    /// <summary>Adds (or changes the protocol of) one pattern subscription.</summary>
    public void Add(PatternMembership membership)
    {
        _patterns ??= [];
        if (!_patterns.TryGetValue(membership.Pattern, out var pattern))
        {
            pattern = new Pattern(membership.Pattern, FrameHeads.PatternMessage(Encoding.Latin1.GetBytes(membership.Pattern), room));
            _patterns.Add(membership.Pattern, pattern);
        }

        pattern.Members.Set(membership.Member, membership.Protocol, default);
    }

    /// <summary>Removes one pattern subscription; false when the room did not serve it.</summary>
    public bool Remove(string pattern, IActorRef member)
    {
        if (_patterns is null || !_patterns.TryGetValue(pattern, out var entry) || !entry.Members.Remove(member, out _))
        {
            return false;
        }

        if (entry.Members.Count == 0)
        {
            _patterns.Remove(pattern);
            if (_patterns.Count == 0)
            {
                _patterns = null;
            }
        }

        return true;
    }

    /// <summary>Removes every pattern subscription of <paramref name="member"/>.</summary>
    public void RemoveMember(IActorRef member)
    {
        foreach (var pattern in _patterns?.Keys.ToList() ?? [])
        {
            Remove(pattern, member);
        }
    }

    /// <summary>Forgets every pattern subscription.</summary>
    public void Clear() => _patterns = null;

    /// <summary>
    /// Sends every pattern's members but <paramref name="publisher"/> the batch; the publisher's own copies are added
    /// to <paramref name="own"/>. Returns how many pattern subscriptions the batch reached.
    /// </summary>
    public int Deliver(IReadOnlyList<ReadOnlyMemory<byte>> payloads, IActorRef publisher, IActorRef self, ref List<OwnFrames>? own)
    {
        var receivers = 0;
        if (_patterns is null)
        {
            return 0;
        }

        foreach (var (name, pattern) in _patterns)
        {
            receivers += pattern.Members.Count;
            var frames = new PatternFrames(name, pattern.Heads, payloads);
            if (pattern.Members.Deliver<PatternFrames, PatternDelivery>(frames, publisher, self) is { } mine)
            {
                (own ??= []).Add(new OwnFrames(name, mine.Frames));
            }
        }

        return receivers;
    }

    private sealed class Pattern(string name, FrameHeads heads)
    {
        public string Name { get; } = name;

        public FrameHeads Heads { get; } = heads;

        public MemberGroup<NoInfo> Members { get; } = new();
    }
}

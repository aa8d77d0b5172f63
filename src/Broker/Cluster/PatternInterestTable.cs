using System.Collections.Immutable;
using ActorRooms.Protocol.PubSub;
using Akka.Actor;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// Which nodes hold subscribers of which patterns, as this node knows it: the one piece of state shared between
/// actors of a node. Only the node's <see cref="PatternInterestActor"/> changes it, and it answers a change only
/// after the change is here; the room owners on this node read it while ordering a batch (no message hop on the
/// publish path). So once every node has answered a PSUBSCRIBE's change, every owner that orders a batch afterwards
/// sends it to the subscriber's node. Readers see an immutable snapshot; a version number lets an owner keep its
/// room's matching nodes until the table changes.
/// </summary>
public sealed class PatternInterestTable
{
    private Snapshot _current = Snapshot.Empty;

    /// <summary>The table as it stands (safe to read from any actor).</summary>
    public Snapshot Current => Volatile.Read(ref _current);

    /// <summary>Records that <paramref name="node"/> holds (or no longer holds) <paramref name="pattern"/>.</summary>
    public void Set(IActorRef node, string pattern, bool holds)
    {
        var current = Current;
        var patterns = current.PatternsByNode.GetValueOrDefault(node, ImmutableHashSet<string>.Empty);
        var changed = holds ? patterns.Add(pattern) : patterns.Remove(pattern);
        if (!ReferenceEquals(changed, patterns))
        {
            Publish(current, node, changed);
        }
    }

    /// <summary>Replaces everything known of <paramref name="node"/> with <paramref name="patterns"/>.</summary>
    public void Replace(IActorRef node, IEnumerable<string> patterns) => Publish(Current, node, patterns.ToImmutableHashSet(StringComparer.Ordinal));

    /// <summary>Forgets every node at <paramref name="address"/> (a node that left the cluster).</summary>
    public void ForgetAddress(Address address)
    {
        var current = Current;
        var gone = current.PatternsByNode.Keys.Where(n => n.Path.Address.Equals(address)).ToList();
        if (gone.Count > 0)
        {
            Volatile.Write(ref _current, new Snapshot(current.Version + 1, current.PatternsByNode.RemoveRange(gone)));
        }
    }

    private void Publish(Snapshot current, IActorRef node, ImmutableHashSet<string> patterns)
    {
        var byNode = patterns.IsEmpty ? current.PatternsByNode.Remove(node) : current.PatternsByNode.SetItem(node, patterns);
        Volatile.Write(ref _current, new Snapshot(current.Version + 1, byNode));
    }

    /// <summary>One state of the table; <see cref="Version"/> grows with every change.</summary>
    public sealed record Snapshot(long Version, ImmutableDictionary<IActorRef, ImmutableHashSet<string>> PatternsByNode)
    {
        public static Snapshot Empty { get; } = new(0, ImmutableDictionary<IActorRef, ImmutableHashSet<string>>.Empty);

        /// <summary>The nodes holding at least one pattern that matches <paramref name="room"/>.</summary>
        public IReadOnlyList<IActorRef> NodesMatching(string room) =>
            PatternsByNode.Where(n => n.Value.Any(p => GlobPattern.IsMatch(p, room))).Select(n => n.Key).ToList();
    }
}

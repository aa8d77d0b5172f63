namespace ActorRooms.Broker.Cluster;

/// <summary>
/// Whether this node's room owners may order. A node cut off from the majority will be downed by the split-brain
/// resolver (and downs itself), and the majority starts new owners for its rooms; an owner here that went on ordering
/// its side's publishes in the meantime would give those rooms a second order. So owners here order only
/// <list type="bullet">
/// <item>while the membership does not show the majority unreachable (<see cref="Update"/>), and</item>
/// <item>while the node holds a lease: a majority of the members answered it within the lease time
/// (<see cref="Renew"/>), checked against the clock at the moment of ordering. A node whose own failure detector is
/// slow to notice the cut (starved of CPU, say) is still fenced a lease time after its last answer, which is shorter
/// than the majority's failure detection alone.</item>
/// </list>
/// Written by <see cref="OwnerFenceActor"/>, read by every owner on each batch (volatile reads, no message).
/// </summary>
public sealed class OwnerFence
{
    private volatile bool _fenced;
    private volatile bool _needsLease;
    private long _leaseUntilMs = long.MaxValue;

    /// <summary>False while this node reaches no more than half of the members, or its lease has run out.</summary>
    public bool MayOrder => !_fenced && (!_needsLease || Environment.TickCount64 < Interlocked.Read(ref _leaseUntilMs));

    /// <summary>
    /// Sets the fence from a view of the membership: <paramref name="members"/> counted (Up, Joining, Leaving...),
    /// <paramref name="unreachable"/> of them unreachable (by any node's observation). A node with others needs a lease
    /// from then on. Returns true if the reachability fence changed.
    /// </summary>
    public bool Update(int members, int unreachable)
    {
        _needsLease = members > 1;
        var fenced = members > 0 && (members - unreachable) * 2 <= members;
        if (fenced == _fenced)
        {
            return false;
        }

        _fenced = fenced;
        return true;
    }

    /// <summary>Extends the lease to <paramref name="untilMs"/> (Environment.TickCount64).</summary>
    public void Renew(long untilMs) => Interlocked.Exchange(ref _leaseUntilMs, untilMs);
}

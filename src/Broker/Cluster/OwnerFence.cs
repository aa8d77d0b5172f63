namespace ActorRooms.Broker.Cluster;

/// <summary>
/// Whether this node's room owners may order: not while the node reaches no more than half of the cluster's members.
/// A node cut off from the majority will be downed by the split-brain resolver (and downs itself), and the majority
/// starts new owners for its rooms; an owner here that went on ordering its side's publishes in the meantime would
/// give those rooms a second order. Fenced from the moment the failure detector sees the majority gone, the minority's
/// owners stop long before the majority's successors can start, whatever the timers. Written by
/// <see cref="OwnerFenceActor"/>, read by every owner on each batch (one volatile read, no message).
/// </summary>
public sealed class OwnerFence
{
    private volatile bool _fenced;

    /// <summary>False while this node reaches no more than half of the members.</summary>
    public bool MayOrder => !_fenced;

    /// <summary>
    /// Sets the fence from a view of the membership: <paramref name="members"/> counted (Up, Joining, Leaving...),
    /// <paramref name="unreachable"/> of them unreachable (by any node's observation). Returns true if it changed.
    /// </summary>
    public bool Update(int members, int unreachable)
    {
        var fenced = members > 0 && (members - unreachable) * 2 <= members;
        if (fenced == _fenced)
        {
            return false;
        }

        _fenced = fenced;
        return true;
    }
}

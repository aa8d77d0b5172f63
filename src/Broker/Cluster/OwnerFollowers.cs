using Akka.Actor;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// The node rooms registered with a room's owner, in registration order, each once. A plain class so that the
/// owner's bookkeeping is tested without a cluster.
/// </summary>
public sealed class OwnerFollowers
{
    private readonly List<IActorRef> _followers = [];

    public int Count => _followers.Count;

    public IReadOnlyList<IActorRef> All => _followers;

    /// <summary>Registers <paramref name="follower"/>; false when it already was (a repeated registration).</summary>
    public bool Add(IActorRef follower)
    {
        if (_followers.Contains(follower))
        {
            return false;
        }

        _followers.Add(follower);
        return true;
    }

    /// <summary>Drops <paramref name="follower"/>; false when it was not registered.</summary>
    public bool Remove(IActorRef follower) => _followers.Remove(follower);
}

using ActorRooms.Broker.Cluster;
using Akka.Actor;

namespace ActorRooms.Broker.Rooms.Ordering;

/// <summary>
/// The owner a following room (<see cref="ClusterOrdering"/>) has last heard from, under the room's death watch: the
/// owner that answers a registration is watched (a new one replaces the old), so the room learns when it stops,
/// restarts or its node is lost; a stopping room tells it to stop sending.
/// </summary>
public sealed class WatchedOwner(IActorContext context)
{
    private IActorRef? _owner;

    /// <summary>Whether <paramref name="actor"/> is the watched owner.</summary>
    public bool Is(IActorRef actor) => actor.Equals(_owner);

    /// <summary>The owner that answered the registration: watched from now on, in place of an earlier one.</summary>
    public void Followed(IActorRef owner)
    {
        if (owner.Equals(_owner))
        {
            return;
        }

        if (_owner is not null)
        {
            context.Unwatch(_owner);
        }

        _owner = owner;
        context.Watch(owner);
    }

    /// <summary>The owner is gone (stopped, restarted, its node lost): no longer watched.</summary>
    public void Forget()
    {
        if (_owner is not null)
        {
            context.Unwatch(_owner);
            _owner = null;
        }
    }

    /// <summary>The room stops: the owner, if any, stops sending it batches.</summary>
    public void Unfollow(string room) => _owner?.Tell(new UnfollowRoom(room), context.Self);
}

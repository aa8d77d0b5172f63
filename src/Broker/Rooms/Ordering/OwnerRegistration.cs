using ActorRooms.Broker.Cluster;
using Akka.Actor;

namespace ActorRooms.Broker.Rooms.Ordering;

/// <summary>
/// A cluster room's registration with its owner, as state: not following, registering (a <see cref="FollowRoom"/>
/// sent, no answer yet) or following, plus what waits for the answer: members' confirmations, ROOM.JOINs and ordered
/// batches that arrived during a repair. When the owner is late (<see cref="Overdue"/>) confirmations and joins are
/// no longer held, so members do not hang while the registration is sent again.
/// </summary>
public sealed class OwnerRegistration
{
    private readonly List<(IActorRef Member, object Confirmation)> _confirmations = [];
    private readonly List<(object Request, IActorRef Sender)> _requests = [];
    private readonly List<OrderedBatch> _batches = [];
    private State _state;

    private enum State
    {
        NotFollowing,
        Registering,
        Following,
    }

    /// <summary>True before the first registration.</summary>
    public bool NotFollowing => _state == State.NotFollowing;

    /// <summary>True while a registration waits for the owner's answer.</summary>
    public bool Registering => _state == State.Registering;

    /// <summary>True when the owner has not answered within the owner-ack timeout (until it answers).</summary>
    public bool Overdue { get; private set; }

    /// <summary>True when confirmations and joins must wait for the owner's answer.</summary>
    public bool Holds => _state != State.Following && !Overdue;

    /// <summary>A registration was sent.</summary>
    public void Sent() => _state = State.Registering;

    /// <summary>Keeps a confirmation until the owner answers.</summary>
    public void HoldConfirmation(IActorRef member, object confirmation) => _confirmations.Add((member, confirmation));

    /// <summary>Keeps a request that needs the owner's ledger (a ROOM.JOIN, a ROOM.INFO) until the owner answers.</summary>
    public void HoldRequest(object request, IActorRef sender) => _requests.Add((request, sender));

    /// <summary>Keeps an ordered batch that must follow what the owner sends for a gap.</summary>
    public void HoldBatch(OrderedBatch batch) => _batches.Add(batch);

    /// <summary>The owner answered: following; returns what was held, in arrival order.</summary>
    public Held Followed()
    {
        _state = State.Following;
        Overdue = false;
        return TakeHeld(batches: true);
    }

    /// <summary>The owner is late: stop holding members; returns the confirmations and joins held so far (batches stay held).</summary>
    public Held MarkOverdue()
    {
        Overdue = true;
        return TakeHeld(batches: false);
    }

    private Held TakeHeld(bool batches)
    {
        var held = new Held([.. _confirmations], [.. _requests], batches ? [.. _batches] : []);
        _confirmations.Clear();
        _requests.Clear();
        if (batches)
        {
            _batches.Clear();
        }

        return held;
    }

    /// <summary>What was held for the owner's answer.</summary>
    public sealed record Held(
        IReadOnlyList<(IActorRef Member, object Confirmation)> Confirmations,
        IReadOnlyList<(object Request, IActorRef Sender)> Requests,
        IReadOnlyList<OrderedBatch> Batches);
}

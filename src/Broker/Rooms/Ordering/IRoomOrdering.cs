using ActorRooms.Broker.Rooms.Ledger;
using Akka.Actor;

namespace ActorRooms.Broker.Rooms.Ordering;

/// <summary>
/// Who orders a room's messages, chosen once when the room starts: <see cref="LocalOrdering"/> on a single node (the
/// room is the owner and keeps the ledger), <see cref="ClusterOrdering"/> in a cluster (the room sends its
/// publishers' batches to the room's sharded owner and follows it with a copy of its ledger). The room actor calls
/// it for everything that differs between the two; nothing else in the room asks which one it is.
/// </summary>
public interface IRoomOrdering
{
    /// <summary>The ledger the room's features read (the owner's own, or this node's copy of the owner's).</summary>
    RoomLedger Ledger { get; }

    /// <summary>
    /// Handles <paramref name="message"/> from <paramref name="sender"/> when it is one of this role's messages (at
    /// least <see cref="PublishBatch"/>); false for any other message, which the room handles.
    /// </summary>
    bool Handle(object message, IActorRef sender);

    /// <summary>Sends a member its confirmation now, or once members are sure to receive every later batch.</summary>
    void Confirm(IActorRef member, object confirmation);

    /// <summary>True when a ROOM.JOIN must wait (it is kept and handled again later); false to add the member now.</summary>
    bool HoldJoin(JoinRoomFeed join, IActorRef sender);

    /// <summary>True when a ROOM.INFO must wait for the ledger it reports (it is kept and handled again later).</summary>
    bool HoldInfo(QueryRoomInfo query, IActorRef sender);

    /// <summary>
    /// True when ROOM.LAST must be answered by someone else than this room's <see cref="Ledger"/> (a cluster room that
    /// has never followed its owner has no copy of its ledger), who is then asked to answer <paramref name="asker"/>.
    /// </summary>
    bool AskElsewhere(QueryRoomLast query, IActorRef asker);

    /// <summary>The room's members changed.</summary>
    void MembersChanged();

    /// <summary>True when <paramref name="actor"/>, which stopped, was this role's concern (the room's owner) and has been dealt with.</summary>
    bool Terminated(IActorRef actor);

    /// <summary>The room stops: tell whoever must know, answer whoever waits.</summary>
    void Stopped();
}

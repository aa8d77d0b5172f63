using ActorRooms.Broker.Cluster;
using Akka.Actor;
using Akka.Event;

namespace ActorRooms.Broker.Rooms.Queries;

/// <summary>
/// One ROOM.LAST answered by the room's owner, for a node that has no copy of the room's ledger (nobody there is in
/// the room): asks the owner through the shard region, turns its answer into the connection's
/// <see cref="RoomLastAnswered"/> (or <see cref="RoomNotFound"/> when the owner never ordered anything, as a single
/// node answers for a room that does not exist), and stops. An owner that does not answer within the timeout (moving,
/// or its node lost) gets the connection a <see cref="RoomNotFound"/> rather than a hang.
/// </summary>
public sealed class OwnerLastValuesQueryActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public OwnerLastValuesQueryActor(IActorRef ownerRegion, QueryRoomLast query, IActorRef asker, TimeSpan timeout)
    {
        Receive<LastValuesAnswered>(answer =>
        {
            asker.Tell(answer.Known
                ? new RoomLastAnswered(query.RequestId, answer.Epoch, answer.LastSeq, RoomEntryList.Unpack(answer.Values))
                : new RoomNotFound(query.RequestId));
            Context.Stop(Self);
        });
        Receive<ReceiveTimeout>(_ =>
        {
            _log.Warning("ROOM.LAST {0}: the room's owner did not answer within {1}; answered as an unknown room", query.Room, timeout);
            asker.Tell(new RoomNotFound(query.RequestId));
            Context.Stop(Self);
        });
        ownerRegion.Tell(new LastValuesAsked(query.Room, query.Key));
        Context.SetReceiveTimeout(timeout);
    }

    public static Props Props(IActorRef ownerRegion, QueryRoomLast query, IActorRef asker, TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new OwnerLastValuesQueryActor(ownerRegion, query, asker, timeout));
}

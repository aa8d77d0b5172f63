using ActorRooms.Broker.Rooms.Queries;
using Akka.Actor;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// The registry's part of the room features: ROOM.JOIN starts a room like SUBSCRIBE does; ROOM.LEAVE and the room
/// questions go to an existing room only (asking about a room never creates one); ROOM.LIST lists the rooms. In
/// cluster mode a ROOM.LAST about a room this node does not have is answered by the room's owner, which keeps the
/// last values for every node.
/// </summary>
public sealed partial class RoomRegistryActor
{
    private void ReceiveRoomFeatureRequests()
    {
        Receive<JoinRoomFeed>(join => Route(GetOrStart(join.Room), join));
        Receive<LeaveRoomFeed>(leave => RouteToExisting(leave, new RoomLeft(leave.RequestId)));
        Receive<QueryRoomLast>(query =>
        {
            if (_cluster is not null && !_rooms.TryGet(query.Room, out _))
            {
                Context.ActorOf(OwnerLastValuesQueryActor.Props(_cluster.OwnerRegion, query, Sender, _cluster.OwnerAckTimeout));
                return;
            }

            RouteToExisting(query, new RoomNotFound(query.RequestId));
        });
        Receive<IRoomQuery>(query => RouteToExisting(query, new RoomNotFound(query.RequestId)));
        Receive<ListRooms>(list => Sender.Tell(new RoomsListed(list.RequestId, _rooms.Names(list.Pattern))));
    }
}

using Akka.Actor;

namespace ActorRooms.Broker.Rooms.Queries;

/// <summary>
/// The scatter-gather of one ROOM.MEMBERS or ROOM.INFO, a short-lived child of the room: asks every channel and feed
/// member to describe itself, and hands the room what came back (<see cref="RoomMembersGathered"/>) when all have
/// answered or the info timeout has passed (a member that is gone or busy does not hold the answer back); then stops.
/// The room adds its own figures, as they are when the answer leaves.
/// </summary>
public sealed class RoomMemberQueryActor : ReceiveActor
{
    private const long QueryId = 1;

    private readonly RoomMemberQuery _query;
    private readonly IReadOnlyList<IActorRef> _members;
    private readonly string _room;
    private readonly TimeSpan _timeout;
    private readonly List<RoomMemberState> _states = [];

    public RoomMemberQueryActor(RoomMemberQuery query, IReadOnlyList<IActorRef> members, string room, TimeSpan timeout)
    {
        _query = query;
        _members = members;
        _room = room;
        _timeout = timeout;
        Receive<RoomMemberDescribed>(described => described.QueryId == QueryId, described =>
        {
            _states.Add(described.State);
            if (_states.Count >= _members.Count)
            {
                Finish();
            }
        });
        Receive<ReceiveTimeout>(_ => Finish());
    }

    /// <summary>Props for the query child of a room.</summary>
    public static Props Props(RoomMemberQuery query, IReadOnlyList<IActorRef> members, string room, TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new RoomMemberQueryActor(query, members, room, timeout));

    protected override void PreStart()
    {
        foreach (var member in _members)
        {
            member.Tell(new DescribeRoomMember(QueryId, _room));
        }

        Context.SetReceiveTimeout(_timeout);
    }

    private void Finish()
    {
        Context.Parent.Tell(new RoomMembersGathered(_query, _members.Count, _states));
        Context.Stop(Self);
    }
}

/// <summary>A ROOM.MEMBERS (<paramref name="ForInfo"/> false) or ROOM.INFO asked of a room by <paramref name="Asker"/>.</summary>
public sealed record RoomMemberQuery(long RequestId, IActorRef Asker, bool ForInfo);

/// <summary>Query child → room: the members' descriptions (those that answered in time) of <paramref name="Asked"/> asked.</summary>
public sealed record RoomMembersGathered(RoomMemberQuery Query, int Asked, IReadOnlyList<RoomMemberState> States);

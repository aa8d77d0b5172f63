using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Broker.Rooms.Queries;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// The room actor's ROOM.* messages, delegated: ROOM.JOIN adds a feed member and sends it its
/// <see cref="FeedPreamble"/> in the same turn (so nothing is missed or repeated before the live batches);
/// ROOM.LAST is answered from the ledger (<see cref="RoomAnswers"/>); ROOM.MEMBERS and ROOM.INFO are gathered by a
/// short-lived <see cref="RoomMemberQueryActor"/> child.
/// </summary>
public sealed partial class RoomActor
{
    // The ROOM.* messages; false for any other message.
    private bool ReceiveRoomFeature(object message)
    {
        switch (message)
        {
            case JoinRoomFeed join:
                JoinFeed(join);
                break;
            case LeaveRoomFeed leave:
                LeaveFeed(leave);
                break;
            case QueryRoomLast query:
                if (!_ordering.AskElsewhere(query, Sender))
                {
                    Sender.Tell(RoomAnswers.Last(query.RequestId, _ordering.Ledger, query.Key), Self);
                }

                break;
            case QueryRoomMembers query:
                AskMembers(new RoomMemberQuery(query.RequestId, Sender, ForInfo: false));
                break;
            case QueryRoomInfo query:
                if (!_ordering.HoldInfo(query, Sender))
                {
                    AskMembers(new RoomMemberQuery(query.RequestId, Sender, ForInfo: true));
                }

                break;
            case RoomMembersGathered gathered:
                Answer(gathered);
                break;
            default:
                return false;
        }

        return true;
    }

    private void LeaveFeed(LeaveRoomFeed leave)
    {
        if (_members.RemoveFeed(Sender))
        {
            UnwatchIfUnknown(Sender);
            MembersChanged();
        }

        _ordering.Confirm(Sender, new RoomLeft(leave.RequestId));
    }

    private void JoinFeed(JoinRoomFeed join)
    {
        var member = Sender;
        if (_ordering.HoldJoin(join, member))
        {
            return;
        }

        var isNew = _members.Feed.Set(member, join);
        if (isNew)
        {
            Context.Watch(member);
        }

        var ledger = _ordering.Ledger;
        var preamble = FeedPreamble.Write(ledger, _members.RoomBytes, _members.Feed.Heads, join);
        member.Tell(new RoomFeedJoined(join.RequestId, _room, ledger.Epoch, ledger.LastSeq, preamble), Self);
        if (isNew)
        {
            _members.Feed.TellJoined(member);
            MembersChanged();
        }
    }

    private void AskMembers(RoomMemberQuery query)
    {
        var members = _members.Described();
        if (members.Count == 0)
        {
            Answer(new RoomMembersGathered(query, 0, []));
            return;
        }

        Context.ActorOf(RoomMemberQueryActor.Props(query, members, _room, _features.InfoTimeout));
    }

    private void Answer(RoomMembersGathered gathered) =>
        gathered.Query.Asker.Tell(
            RoomAnswers.MembersOrInfo(
                gathered,
                _room,
                _ordering.Ledger,
                _members.ChannelCount,
                _members.FeedCount,
                _members.PatternSubscriptions,
                DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            Self);
}

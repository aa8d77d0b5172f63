using System.Buffers;
using ActorRooms.Broker.ClientDirectory;
using ActorRooms.Broker.Network.Replies;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Security;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.Session;

/// <summary>
/// Writes the answers of other actors (registry, rooms, client directory, users actor) into the replies that wait for
/// them. Each method returns true when a waiting reply was completed, so the connection flushes.
/// </summary>
public sealed class QueryAnswers(ConnectionSession session)
{
    private RespProtocol Protocol => session.Client.Protocol;

    /// <summary>PUBSUB CHANNELS shows only the rooms this user may subscribe to, as ROOM.LIST: a room's name is itself information.</summary>
    public bool Answer(ChannelsListed listed) => Write(listed.RequestId, (_, w) =>
    {
        var permissions = session.Client.Permissions;
        ServerReplies.WriteBulkArray(w, permissions.AllowsEverything ? listed.Channels : [.. listed.Channels.Where(r => permissions.CanSubscribe(r))]);
    });

    /// <summary>PUBSUB NUMSUB counts 0 for a room this user may not subscribe to (the reply keeps one pair per name asked).</summary>
    public bool Answer(SubscribersCounted counted) => Write(counted.RequestId, (question, w) =>
    {
        var channels = ((CountSubscribers)question).Channels;
        var permissions = session.Client.Permissions;
        var counts = permissions.AllowsEverything
            ? counted.Counts
            : [.. counted.Counts.Select((count, i) => permissions.CanSubscribe(channels[i]) ? count : 0)];
        ServerReplies.WriteSubscriberCounts(w, channels, counts);
    });

    public bool Answer(PatternsCounted counted) => Write(counted.RequestId, (_, w) => RespWriter.Integer(w, counted.Count));

    public bool Answer(RoomLastAnswered answer) => Write(answer.RequestId, (_, w) => RoomReplies.WriteLast(w, answer, Protocol));

    public bool Answer(RoomMembersAnswered answer) => Write(answer.RequestId, (_, w) => RoomReplies.WriteMembers(w, answer.Members, Protocol));

    public bool Answer(RoomInfoAnswered answer) => Write(answer.RequestId, (_, w) => RoomReplies.WriteInfo(w, answer.Info, Protocol));

    /// <summary>The room does not exist: ROOM.MEMBERS answers an empty list, ROOM.LAST and ROOM.INFO a null.</summary>
    public bool Answer(RoomNotFound notFound) => Write(notFound.RequestId, (question, w) =>
    {
        if (question is QueryRoomMembers)
        {
            RoomReplies.WriteMembers(w, [], Protocol);
        }
        else
        {
            RespWriter.Null(w, Protocol);
        }
    });

    /// <summary>ROOM.LIST shows only the rooms this user may subscribe to: a room's name is itself information.</summary>
    public bool Answer(RoomsListed listed) => Write(listed.RequestId, (_, w) =>
    {
        var permissions = session.Client.Permissions;
        RoomReplies.WriteRoomList(w, listed.Rooms, permissions.AllowsEverything ? null : r => permissions.CanSubscribe(r));
    });

    /// <summary>ACL LOAD's answer: +OK once the new users are in force here, or the reload's error.</summary>
    public bool Answer(UsersReloaded reloaded)
    {
        // The listener passes the same set to everyone; applying it here first makes +OK mean "in force here".
        var changed = reloaded.Error is null && session.ApplyUsers(reloaded.Users);
        return Write(reloaded.RequestId, (_, w) => WriteReloaded(w, reloaded)) || changed;
    }

    /// <summary>CLIENT LIST or KILL. A client that killed itself gets the reply first, then its connection closes.</summary>
    public bool Answer(ClientsQueried queried)
    {
        if (session.Queries.QuestionOf(queried.RequestId) is not QueryClients question)
        {
            return false;
        }

        var byAddress = session.KillsByAddress.Remove(queried.RequestId);
        var killsSelf = false;
        Write(queried.RequestId, (_, w) => killsSelf = ClientReplies.WriteAnswer(w, question, queried, byAddress, session.Client.Id, Protocol));
        session.Host.Flush();
        if (killsSelf)
        {
            session.Host.RequestClose();
        }

        return false;
    }

    private static void WriteReloaded(IBufferWriter<byte> w, UsersReloaded reloaded)
    {
        if (reloaded.Error is null)
        {
            RespWriter.SimpleString(w, "OK"u8);
        }
        else
        {
            RespWriter.Error(w, "ERR " + reloaded.Error.ReplaceLineEndings(" "));
        }
    }

    private bool Write(long requestId, Action<object, IBufferWriter<byte>> write) => session.Queries.Answer(requestId, write);
}

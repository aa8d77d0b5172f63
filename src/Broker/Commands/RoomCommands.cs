using ActorRooms.Broker.Network.Feeds;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.Replies;
using ActorRooms.Broker.Rooms;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Commands;

/// <summary>The ROOM.* commands (docs/protocol.md, "Room features").</summary>
public static class RoomCommands
{
    // ROOM.PUBLISH room payload [KEY k]: one more message of the room's batch of this read, in order with PUBLISHes.
    public static void Publish(CommandContext c)
    {
        string? key = null;
        if (c.Arguments.Count == 5 && c.IsWord(3, "KEY"))
        {
            key = c.Text(4);
        }
        else if (c.Arguments.Count != 3)
        {
            c.Error(ErrorReplies.Syntax);
            return;
        }

        c.Session.Publisher.Add(c.Arguments[1], c.Arguments[2], key, roomPublish: true, c.Suppressed);
    }

    // ROOM.JOIN room [SNAPSHOT] [FROM seq | LAST n] [POLICY disconnect|drop-oldest|conflate] [MAXRATE n] [PRESENCE]
    public static void Join(CommandContext c)
    {
        if (c.Protocol == Protocol.Resp.RespProtocol.Resp2)
        {
            // Its messages are pushes: in RESP2 a client would read each as the reply to its next command.
            c.Error(ErrorReplies.RoomJoinNeedsResp3);
            return;
        }

        if (RoomJoinArguments.Parse(c.Arguments, out var error) is not { } join)
        {
            c.Error(error!);
            return;
        }

        var session = c.Session;
        var room = c.Text(1);
        if (!session.Feeds.WithinLimit(room))
        {
            c.Error($"ERR max subscriptions per connection reached ({session.Settings.MaxSubscriptions})");
            return;
        }

        // Earlier publishes of this read reach the room first, as they would for SUBSCRIBE. roomjoined is the command's
        // ordinary reply (an array, not a push), so CLIENT REPLY OFF/SKIP drops it like any reply; the feed's pushes follow.
        session.Publisher.SendAll();
        session.Feeds.Join(room, join, c.Suppressed);
    }

    // ROOM.LEAVE room: roomleft once the room has let go (also when this connection was not in its feed); an ordinary
    // reply (an array, not a push), so it follows CLIENT REPLY.
    public static void Leave(CommandContext c)
    {
        var session = c.Session;
        session.Publisher.SendAll();
        var reply = new AwaitedReply(0, c.Suppressed);
        session.Feeds.Leave(c.Text(1), reply);
        RoomFrames.WriteLeft(reply.Bytes, c.Arguments[1].Span, session.Subscriptions.Count, Protocol.Resp.RespProtocol.Resp2);
        session.Replies.Add(reply);
    }

    // ROOM.LAST room [KEY k]
    public static void Last(CommandContext c)
    {
        if (c.Arguments.Count != 2 && !(c.Arguments.Count == 4 && c.IsWord(2, "KEY")))
        {
            c.Error(ErrorReplies.Syntax);
            return;
        }

        var room = c.Text(1);
        var key = c.Arguments.Count == 4 ? c.Text(3) : null;
        c.Ask(id => new QueryRoomLast(id, room, key), c.Session.Peers.Rooms);
    }

    public static void Members(CommandContext c)
    {
        var room = c.Text(1);
        c.Ask(id => new QueryRoomMembers(id, room), c.Session.Peers.Rooms);
    }

    public static void Info(CommandContext c)
    {
        var room = c.Text(1);
        c.Ask(id => new QueryRoomInfo(id, room), c.Session.Peers.Rooms);
    }

    // ROOM.LIST [pattern]
    public static void List(CommandContext c)
    {
        if (c.Arguments.Count > 2)
        {
            c.Error(ErrorReplies.Syntax);
            return;
        }

        var pattern = c.Arguments.Count == 2 ? c.Text(1) : null;
        c.Ask(id => new ListRooms(id, pattern), c.Session.Peers.Rooms);
    }
}

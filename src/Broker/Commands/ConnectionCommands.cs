using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.Replies;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Commands;

/// <summary>PING, ECHO, QUIT, RESET and HELLO: the connection's own state.</summary>
public static class ConnectionCommands
{
    /// <summary>Redis's default <c>databases 16</c>: SELECT takes 0 to 15.</summary>
    public const int DatabaseCount = 16;

    public static void Ping(CommandContext c)
    {
        // Redis's arity for PING is -1, but it takes at most one message.
        if (c.Arguments.Count > 2)
        {
            c.Error(ErrorReplies.WrongArity("ping"));
            return;
        }

        if (c.Protocol == RespProtocol.Resp2 && c.Session.Subscriptions.IsSubscribed)
        {
            // RESP2 subscribed mode answers PING as a push-shaped array: *2 pong <arg or empty>.
            RespWriter.ArrayHeader(c.Reply, 2);
            RespWriter.BulkString(c.Reply, "pong"u8);
            RespWriter.BulkString(c.Reply, c.Arguments.Count > 1 ? c.Arguments[1].Span : []);
        }
        else if (c.Arguments.Count > 1)
        {
            RespWriter.BulkString(c.Reply, c.Arguments[1].Span);
        }
        else
        {
            RespWriter.SimpleString(c.Reply, "PONG"u8);
        }
    }

    // SELECT index: pub/sub ignores the database number (channels are not keys), so Redis's default range 0-15 is
    // accepted and remembered for CLIENT LIST's db=; out of range and bad input get redis-server's exact errors.
    public static void Select(CommandContext c)
    {
        if (!RedisInteger.TryParse(c.Arguments[1].Span, out var index))
        {
            c.Error(ErrorReplies.NotAnInteger);
        }
        else if (index is < int.MinValue or > int.MaxValue)
        {
            c.Error(ErrorReplies.OutOfIntRange);
        }
        else if (index is < 0 or >= DatabaseCount)
        {
            c.Error(ErrorReplies.DatabaseOutOfRange);
        }
        else
        {
            c.Session.Client.Database = (int)index;
            RespWriter.SimpleString(c.Reply, "OK"u8);
        }
    }

    public static void Echo(CommandContext c) => RespWriter.BulkString(c.Reply, c.Arguments[1].Span);

    public static void Quit(CommandContext c)
    {
        RespWriter.SimpleString(c.Reply, "OK"u8);
        c.Session.Host.RequestClose();
    }

    public static void Reset(CommandContext c)
    {
        // RESET leaves pub/sub silently (no unsubscribe pushes), back to RESP2, no name, replies on.
        var session = c.Session;
        var reply = new AwaitedReply(0, suppressed: false);
        session.LeaveAll(reply);
        session.Client.Protocol = RespProtocol.Resp2;
        session.Client.Name = null;
        session.Client.ReplyMode = ReplyMode.On;
        session.Client.Database = 0;
        session.Counters.Monitors.Remove(session.Host.Self);
        // As Redis: RESET logs the connection out again, unless the default user needs no password.
        session.Auth.StartUnauthenticated();
        RespWriter.SimpleString(reply.Bytes, "RESET"u8);
        session.Replies.Add(reply);
    }

    // HELLO [protover [AUTH username password] [SETNAME clientname]]
    public static void Hello(CommandContext c)
    {
        var session = c.Session;
        var client = session.Client;
        var protocol = client.Protocol;
        if (c.Arguments.Count > 1)
        {
            if (!RedisInteger.TryParse(c.Arguments[1].Span, out var version) || version is < int.MinValue or > int.MaxValue)
            {
                c.Error("ERR Protocol version is not an integer or out of range");
                return;
            }

            if (version is not (2 or 3))
            {
                c.Error("NOPROTO unsupported protocol version");
                return;
            }

            protocol = (RespProtocol)version;
        }

        if (!ParseOptions(c, out var newName, out var authAt))
        {
            return;
        }

        if (authAt > 0 && !session.TryAuthenticate(c.Text(authAt + 1), c.Arguments[authAt + 2].Span, c.Suppressed))
        {
            return;
        }

        if (!client.IsAuthenticated)
        {
            c.Error(ErrorReplies.HelloNoAuth);
            return;
        }

        if (newName is not null)
        {
            client.Name = newName.Length == 0 ? null : newName;
        }

        if (protocol == RespProtocol.Resp2 && session.Feeds.HasJoinedFeeds)
        {
            c.Error(ErrorReplies.HelloWithRoomFeeds);
            return;
        }

        var reply = new AwaitedReply(0, c.Suppressed);
        if (protocol != client.Protocol)
        {
            client.Protocol = protocol;
            session.RejoinInProtocol(reply);
        }

        ServerReplies.WriteHello(reply.Bytes, client.Id, client.Protocol);
        session.Replies.Add(reply);
    }

    // [AUTH username password] [SETNAME clientname], in any order; AUTH is checked once every option is well-formed, as Redis does.
    private static bool ParseOptions(CommandContext c, out string? newName, out int authAt)
    {
        newName = null;
        authAt = -1;
        for (var i = 2; i < c.Arguments.Count; i++)
        {
            var option = c.Text(i);
            var remaining = c.Arguments.Count - i - 1;
            if (option.Equals("AUTH", StringComparison.OrdinalIgnoreCase) && remaining >= 2)
            {
                authAt = i;
                i += 2;
            }
            else if (option.Equals("SETNAME", StringComparison.OrdinalIgnoreCase) && remaining >= 1)
            {
                newName = c.Text(i + 1);
                if (!ClientState.IsValidName(newName))
                {
                    c.Error("ERR Client names cannot contain spaces, newlines or special characters.");
                    return false;
                }

                i++;
            }
            else
            {
                c.Error($"ERR Syntax error in HELLO option '{option}'");
                return false;
            }
        }

        return true;
    }
}

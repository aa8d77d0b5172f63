using System.Text;
using ActorRooms.Broker.Network.Replies;
using ActorRooms.Broker.Security;
using ActorRooms.Protocol.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Commands;

/// <summary>AUTH and the ACL commands.</summary>
public static class SecurityCommands
{
    // AUTH password | AUTH username password
    public static void Auth(CommandContext c)
    {
        var session = c.Session;
        if (c.Arguments.Count > 3)
        {
            c.Error(ErrorReplies.Syntax);
            return;
        }

        if (c.Arguments.Count == 2 && session.Auth.Users.IsOpen)
        {
            c.Error(ErrorReplies.AuthWithoutPasswords);
            return;
        }

        var name = c.Arguments.Count == 3 ? c.Text(1) : BrokerUser.DefaultName;
        if (session.TryAuthenticate(name, c.Arguments[^1].Span, c.Suppressed))
        {
            RespWriter.SimpleString(c.Reply, "OK"u8);
        }
    }

    public static void WhoAmI(CommandContext c) =>
        RespWriter.BulkString(c.Reply, Encoding.Latin1.GetBytes(c.Session.Client.User?.Name ?? BrokerUser.DefaultName));

    public static void Users(CommandContext c) =>
        ServerReplies.WriteBulkArray(c.Reply, c.Session.Auth.Users.Users.Select(u => u.Name).ToList());

    public static void List(CommandContext c) =>
        ServerReplies.WriteBulkArray(c.Reply, c.Session.Auth.Users.Users.Select(u => u.ToAclRule()).ToList());

    // ACL LOAD: the users actor reloads the broker's --config file; +OK once the new users are in force here.
    public static void Load(CommandContext c)
    {
        var users = c.Session.Peers.Users;
        if (users.IsNobody())
        {
            c.Error("ERR This broker cannot reload users");
            return;
        }

        c.Ask(id => new ReloadUsers(id), users);
    }

    public static void Help(CommandContext c) => ServerReplies.WriteHelp(c.Reply, HelpTexts.Acl);
}

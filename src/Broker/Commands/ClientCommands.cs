using System.Globalization;
using ActorRooms.Broker.ClientDirectory;
using ActorRooms.Broker.Network.Replies;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Commands;

/// <summary>CLIENT: names, ids, CLIENT LIST / KILL through the client directory, CLIENT REPLY and SETINFO.</summary>
public static class ClientCommands
{
    private const string InvalidName = "ERR Client names cannot contain spaces, newlines or special characters.";

    public static void SetName(CommandContext c)
    {
        var name = c.Text(2);
        if (!ClientState.IsValidName(name))
        {
            c.Error(InvalidName);
            return;
        }

        c.Session.Client.Name = name.Length == 0 ? null : name;
        RespWriter.SimpleString(c.Reply, "OK"u8);
    }

    public static void GetName(CommandContext c)
    {
        if (c.Session.Client.Name is { } name)
        {
            RespWriter.BulkString(c.Reply, System.Text.Encoding.Latin1.GetBytes(name));
        }
        else
        {
            RespWriter.Null(c.Reply, c.Protocol);
        }
    }

    public static void Id(CommandContext c) => RespWriter.Integer(c.Reply, c.Session.Client.Id);

    public static void Info(CommandContext c) => VerbatimText.Write(c.Reply, c.Session.Snapshot().ToClientListLine() + "\n", c.Protocol);

    public static void Help(CommandContext c) => ServerReplies.WriteHelp(c.Reply, HelpTexts.Client);

    // CLIENT LIST [TYPE type] [ID id [id ...]]
    public static void List(CommandContext c)
    {
        if (ClientFilters.ParseList(c.Arguments, out var error) is { } filter)
        {
            c.Ask(id => new QueryClients(id, filter, Kill: false), c.Session.Peers.Clients);
        }
        else
        {
            c.Error(error!);
        }
    }

    // CLIENT KILL ip:port | CLIENT KILL <filter> <value> [<filter> <value> ...]
    public static void Kill(CommandContext c)
    {
        var session = c.Session;
        if (c.Arguments.Count == 3)
        {
            var address = c.Text(2);
            var requestId = c.Ask(id => new QueryClients(id, new ClientFilter { Address = address }, Kill: true), session.Peers.Clients);
            session.KillsByAddress.Add(requestId);
            return;
        }

        if (ClientFilters.ParseKill(c.Arguments, session.Client.Id, out var error) is { } filter)
        {
            c.Ask(id => new QueryClients(id, filter, Kill: true), session.Peers.Clients);
        }
        else
        {
            c.Error(error!);
        }
    }

    // CLIENT REPLY ON|OFF|SKIP
    public static void Reply(CommandContext c)
    {
        var client = c.Session.Client;
        switch (c.Text(2).ToUpperInvariant())
        {
            case "ON":
                client.ReplyMode = ReplyMode.On;
                c.Suppressed = false;
                RespWriter.SimpleString(c.Reply, "OK"u8);
                break;
            case "OFF":
                client.ReplyMode = ReplyMode.Off;
                break;
            case "SKIP":
                // Skips the reply of the next command; this one has none either.
                client.ReplyMode = ReplyMode.Skip;
                break;
            default:
                c.Error(ErrorReplies.Syntax);
                break;
        }
    }

    // CLIENT SETINFO LIB-NAME|LIB-VER value
    public static void SetInfo(CommandContext c)
    {
        var attribute = c.Text(2).ToUpperInvariant();
        var value = c.Text(3);
        if (attribute is not ("LIB-NAME" or "LIB-VER"))
        {
            c.Error($"ERR Unrecognized option '{c.Text(2)}'");
            return;
        }

        if (!ClientState.IsValidName(value) || (attribute == "LIB-NAME" && value.Contains('(')))
        {
            c.Error($"ERR {attribute.ToLowerInvariant()} cannot contain spaces, newlines or special characters.");
            return;
        }

        if (attribute == "LIB-NAME")
        {
            c.Session.Client.LibraryName = value;
        }
        else
        {
            c.Session.Client.LibraryVersion = value;
        }

        RespWriter.SimpleString(c.Reply, "OK"u8);
    }

    internal static bool TryParseId(string value, out long id) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}

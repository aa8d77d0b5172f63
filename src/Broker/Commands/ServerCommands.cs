using ActorRooms.Broker.Network.Replies;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Commands;

/// <summary>COMMAND and INFO: what clients ask about the server during their handshake.</summary>
public static class ServerCommands
{
    // COMMAND (no subcommand): every command's details.
    public static void All(CommandContext c)
    {
        RespWriter.ArrayHeader(c.Reply, CommandTable.Commands.Count);
        foreach (var command in CommandTable.Commands.Values)
        {
            CommandInfoReply.Write(c.Reply, command, c.Protocol);
        }
    }

    public static void Count(CommandContext c) => RespWriter.Integer(c.Reply, CommandTable.Commands.Count);

    public static void List(CommandContext c)
    {
        RespWriter.ArrayHeader(c.Reply, CommandTable.Commands.Count);
        foreach (var command in CommandTable.Commands.Values)
        {
            RespWriter.BulkString(c.Reply, command.Name);
        }
    }

    // Clients ask for docs only to show hints; an empty map is a valid answer.
    public static void Docs(CommandContext c) => RespWriter.MapHeader(c.Reply, 0, c.Protocol);

    // COMMAND INFO [name ...]: each command's details, or a null for a name the broker does not have.
    public static void CommandInfo(CommandContext c)
    {
        RespWriter.ArrayHeader(c.Reply, c.Arguments.Count - 2);
        for (var i = 2; i < c.Arguments.Count; i++)
        {
            if (CommandTable.TryFind(c.Arguments[i].Span, out var command))
            {
                CommandInfoReply.Write(c.Reply, command, c.Protocol);
            }
            else
            {
                RespWriter.Null(c.Reply, c.Protocol);
            }
        }
    }

    public static void Help(CommandContext c) => ServerReplies.WriteHelp(c.Reply, HelpTexts.Command);

    // MONITOR: +OK, then every command other connections run, one line each, until the connection closes or RESETs.
    public static void Monitor(CommandContext c)
    {
        c.Session.Counters.Monitors.Add(c.Session.Host.Self);
        RespWriter.SimpleString(c.Reply, "OK"u8);
    }

    // INFO [section ...]
    public static void Info(CommandContext c)
    {
        var sections = new List<string>();
        for (var i = 1; i < c.Arguments.Count; i++)
        {
            sections.Add(c.Text(i).ToLowerInvariant());
        }

        var session = c.Session;
        VerbatimText.Write(c.Reply, ServerInfo.Build(sections, session.Counters, session.Settings, session.Host.CurrentClusterView()), c.Protocol);
    }
}

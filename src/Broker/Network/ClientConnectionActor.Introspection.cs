using System.Text;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Commands;
using ActorRooms.Messages.Resp;

namespace ActorRooms.Broker.Network;

/// <summary>COMMAND and INFO: what clients ask about the server during their handshake.</summary>
public sealed partial class ClientConnectionActor
{
    private static readonly string[] CommandHelp =
    [
        "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "(no subcommand)",
        "    Return details about all commands.",
        "COUNT",
        "    Return the total number of commands in this server.",
        "LIST",
        "    Return a list of all commands in this server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple commands.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple commands (empty here).",
        "HELP",
        "    Print this help.",
    ];

    private void CommandCommand(CommandSpec subcommand)
    {
        if (_arguments.Count == 1)
        {
            RespWriter.ArrayHeader(Reply, CommandTable.Commands.Count);
            foreach (var command in CommandTable.Commands.Values)
            {
                WriteCommandInfo(command);
            }

            return;
        }

        switch (subcommand.Name)
        {
            case "command|count":
                RespWriter.Integer(Reply, CommandTable.Commands.Count);
                break;
            case "command|list":
                RespWriter.ArrayHeader(Reply, CommandTable.Commands.Count);
                foreach (var command in CommandTable.Commands.Values)
                {
                    RespWriter.BulkString(Reply, command.Name);
                }

                break;
            case "command|docs":
                // Clients ask for docs only to show hints; an empty map is a valid answer.
                RespWriter.MapHeader(Reply, 0, _protocol);
                break;
            case "command|info":
                RespWriter.ArrayHeader(Reply, _arguments.Count - 2);
                for (var i = 2; i < _arguments.Count; i++)
                {
                    if (CommandTable.TryFind(_arguments[i].Span, out var command))
                    {
                        WriteCommandInfo(command);
                    }
                    else
                    {
                        RespWriter.Null(Reply, _protocol);
                    }
                }

                break;
            default:
                WriteHelp(CommandHelp);
                break;
        }
    }

    // [name, arity, flags, first-key, last-key, step, acl-categories, tips, key-specs, subcommands] (Redis 7 shape)
    private void WriteCommandInfo(CommandSpec command)
    {
        var w = Reply;
        RespWriter.ArrayHeader(w, 10);
        RespWriter.BulkString(w, command.Name);
        RespWriter.Integer(w, command.Arity);
        RespWriter.SetHeader(w, command.Flags.Count, _protocol);
        foreach (var flag in command.Flags)
        {
            RespWriter.SimpleString(w, Encoding.ASCII.GetBytes(flag));
        }

        RespWriter.Integer(w, 0);
        RespWriter.Integer(w, 0);
        RespWriter.Integer(w, 0);
        RespWriter.SetHeader(w, 0, _protocol);
        RespWriter.ArrayHeader(w, 0);
        RespWriter.ArrayHeader(w, 0);
        RespWriter.ArrayHeader(w, command.Subcommands.Count);
        foreach (var sub in command.Subcommands.Values)
        {
            WriteCommandInfo(sub);
        }
    }

    private void Info()
    {
        var sections = new List<string>();
        for (var i = 1; i < _arguments.Count; i++)
        {
            sections.Add(Encoding.Latin1.GetString(_arguments[i].Span).ToLowerInvariant());
        }

        VerbatimText.Write(Reply, ServerInfo.Build(sections, _counters, _settings, ClusterView.Of(Context.System)), _protocol);
    }
}

using System.Globalization;
using System.Text;
using ActorRooms.Broker.Clients;
using ActorRooms.Broker.Commands;
using ActorRooms.Broker.Rooms;
using ActorRooms.Messages.Resp;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Broker.Network;

/// <summary>Connection and server commands: HELLO, RESET, CLIENT, COMMAND, INFO and the PUBSUB queries.</summary>
public sealed partial class ClientConnectionActor
{
    private static readonly string[] PubSubHelp =
    [
        "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "HELP",
        "    Print this help.",
    ];

    private static readonly string[] ClientHelp =
    [
        "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are: ID <client-id>, TYPE (NORMAL|PUBSUB), USER <username>,",
        "    ADDR <ip:port>, LADDR <ip:port>, SKIPME (YES|NO), MAXAGE <seconds>.",
        "LIST [TYPE (NORMAL|PUBSUB)] [ID <client-id> [<client-id> ...]]",
        "    Return information about client connections.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "SETINFO <LIB-NAME|LIB-VER> <value>",
        "    Set client library name or version.",
        "HELP",
        "    Print this help.",
    ];

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

    private readonly Dictionary<long, QueryReply> _queries = [];
    private string? _name;
    private string? _libraryName;
    private string? _libraryVersion;

    private void ReceiveServerMessages()
    {
        Receive<ChannelsListed>(listed => AnswerQuery(listed.RequestId, w =>
        {
            RespWriter.ArrayHeader(w, listed.Channels.Count);
            foreach (var channel in listed.Channels)
            {
                RespWriter.BulkString(w, Encoding.Latin1.GetBytes(channel));
            }
        }));
        Receive<SubscribersCounted>(counted => AnswerQuery(counted.RequestId, (question, w) =>
        {
            var query = (CountSubscribers)question;
            RespWriter.ArrayHeader(w, counted.Counts.Count * 2);
            for (var i = 0; i < counted.Counts.Count; i++)
            {
                RespWriter.BulkString(w, Encoding.Latin1.GetBytes(query.Channels[i]));
                RespWriter.Integer(w, counted.Counts[i]);
            }
        }));
        Receive<PatternsCounted>(counted => AnswerQuery(counted.RequestId, w => RespWriter.Integer(w, counted.Count)));
        Receive<ClientsQueried>(OnClientsQueried);
        Receive<DescribeClient>(describe => Sender.Tell(new ClientDescribed(describe.QueryId, Snapshot())));
        Receive<KillClient>(_ =>
        {
            _log.Info("Client id={0} addr={1} killed by CLIENT KILL", _id, _remoteAddress);
            _outbound.DiscardQueued();
            RequestClose();
            _connection.Tell(Tcp.Close.Instance);
        });
        Receive<ShutdownConnection>(_ => RequestClose());
    }

    private void StartQueryAtHead()
    {
        if (_replies.Head is QueryReply { Sent: false } query)
        {
            query.Sent = true;
            query.Answerer.Tell(query.Question);
        }
    }

    private void Ask(object question, IActorRef answerer, long requestId)
    {
        var query = new QueryReply(requestId, question, answerer, _suppressReply);
        _queries.Add(requestId, query);
        _replies.Add(query);
    }

    private void AnswerQuery(long requestId, Action<System.Buffers.IBufferWriter<byte>> write) =>
        AnswerQuery(requestId, (_, w) => write(w));

    private void AnswerQuery(long requestId, Action<object, System.Buffers.IBufferWriter<byte>> write)
    {
        if (_queries.Remove(requestId, out var query))
        {
            query.Answer(w => write(query.Question, w));
            Flush();
        }
    }

    private void PubSubQuery(CommandSpec subcommand)
    {
        var requestId = ++_nextRequestId;
        switch (subcommand.Name)
        {
            case "pubsub|channels":
                if (_arguments.Count > 3)
                {
                    Error(ErrorReplies.SubcommandSyntax(_arguments[1].Span, "pubsub"));
                    return;
                }

                Ask(new ListChannels(requestId, _arguments.Count == 3 ? Encoding.Latin1.GetString(_arguments[2].Span) : null), _rooms, requestId);
                break;
            case "pubsub|numsub":
                Ask(new CountSubscribers(requestId, _arguments.Skip(2).Select(a => Encoding.Latin1.GetString(a.Span)).ToList()), _rooms, requestId);
                break;
            case "pubsub|numpat":
                Ask(new CountPatterns(requestId), _rooms, requestId);
                break;
            default:
                WriteHelp(PubSubHelp);
                break;
        }
    }

    private void Reset()
    {
        // RESET leaves pub/sub silently (no unsubscribe pushes), back to RESP2, no name, replies on.
        var reply = new AwaitedReply(0, suppressed: false);
        LeaveAll(reply);
        _protocol = RespProtocol.Resp2;
        _name = null;
        _replyMode = ReplyMode.On;
        RespWriter.SimpleString(reply.Bytes, "RESET"u8);
        _replies.Add(reply);
    }

    // HELLO [protover [AUTH username password] [SETNAME clientname]]
    private void Hello()
    {
        var protocol = _protocol;
        if (_arguments.Count > 1)
        {
            if (!RedisInteger.TryParse(_arguments[1].Span, out var version) || version is < int.MinValue or > int.MaxValue)
            {
                Error("ERR Protocol version is not an integer or out of range");
                return;
            }

            if (version is not (2 or 3))
            {
                Error("NOPROTO unsupported protocol version");
                return;
            }

            protocol = (RespProtocol)version;
        }

        string? newName = null;
        for (var i = 2; i < _arguments.Count; i++)
        {
            var option = Encoding.Latin1.GetString(_arguments[i].Span);
            var remaining = _arguments.Count - i - 1;
            if (option.Equals("AUTH", StringComparison.OrdinalIgnoreCase) && remaining >= 2)
            {
                // No users are configured yet: the default user has no password, as in a fresh Redis.
                if (!_arguments[i + 1].Span.SequenceEqual("default"u8))
                {
                    Error("WRONGPASS invalid username-password pair or user is disabled.");
                    return;
                }

                i += 2;
            }
            else if (option.Equals("SETNAME", StringComparison.OrdinalIgnoreCase) && remaining >= 1)
            {
                newName = Encoding.Latin1.GetString(_arguments[i + 1].Span);
                if (!IsValidClientName(newName))
                {
                    Error("ERR Client names cannot contain spaces, newlines or special characters.");
                    return;
                }

                i++;
            }
            else
            {
                Error($"ERR Syntax error in HELLO option '{option}'");
                return;
            }
        }

        if (newName is not null)
        {
            _name = newName.Length == 0 ? null : newName;
        }

        var reply = new AwaitedReply(0, _suppressReply);
        if (protocol != _protocol)
        {
            _protocol = protocol;
            SendPublishBatches();
            RejoinInProtocol(reply);
        }

        var w = reply.Bytes;
        RespWriter.MapHeader(w, 7, _protocol);
        RespWriter.BulkString(w, "server"u8);
        RespWriter.BulkString(w, ServerIdentity.ServerName);
        RespWriter.BulkString(w, "version"u8);
        RespWriter.BulkString(w, ServerIdentity.RedisCompatibleVersion);
        RespWriter.BulkString(w, "proto"u8);
        RespWriter.Integer(w, (int)_protocol);
        RespWriter.BulkString(w, "id"u8);
        RespWriter.Integer(w, _id);
        RespWriter.BulkString(w, "mode"u8);
        RespWriter.BulkString(w, "standalone"u8);
        RespWriter.BulkString(w, "role"u8);
        RespWriter.BulkString(w, "master"u8);
        RespWriter.BulkString(w, "modules"u8);
        RespWriter.ArrayHeader(w, 0);
        _replies.Add(reply);
    }

    private void Client(CommandSpec subcommand)
    {
        switch (subcommand.Name)
        {
            case "client|setname":
                var name = Encoding.Latin1.GetString(_arguments[2].Span);
                if (!IsValidClientName(name))
                {
                    Error("ERR Client names cannot contain spaces, newlines or special characters.");
                    return;
                }

                _name = name.Length == 0 ? null : name;
                RespWriter.SimpleString(Reply, "OK"u8);
                break;
            case "client|getname":
                if (_name is null)
                {
                    RespWriter.Null(Reply, _protocol);
                }
                else
                {
                    RespWriter.BulkString(Reply, Encoding.Latin1.GetBytes(_name));
                }

                break;
            case "client|id":
                RespWriter.Integer(Reply, _id);
                break;
            case "client|info":
                VerbatimText.Write(Reply, Snapshot().ToClientListLine() + "\n", _protocol);
                break;
            case "client|list":
                ClientList();
                break;
            case "client|kill":
                ClientKill();
                break;
            case "client|reply":
                ClientReply();
                break;
            case "client|setinfo":
                ClientSetInfo();
                break;
            default:
                WriteHelp(ClientHelp);
                break;
        }
    }

    private void ClientList()
    {
        var filter = ClientFilter.All;
        for (var i = 2; i < _arguments.Count; i++)
        {
            var option = Encoding.Latin1.GetString(_arguments[i].Span).ToUpperInvariant();
            if (option == "TYPE" && i + 1 < _arguments.Count)
            {
                var type = Encoding.Latin1.GetString(_arguments[++i].Span).ToLowerInvariant();
                if (type is not ("normal" or "pubsub" or "master" or "replica" or "slave"))
                {
                    Error($"ERR Unknown client type '{Encoding.Latin1.GetString(_arguments[i].Span)}'");
                    return;
                }

                filter = filter with { Type = type };
            }
            else if (option == "ID" && i + 1 < _arguments.Count)
            {
                var ids = new HashSet<long>();
                for (i++; i < _arguments.Count; i++)
                {
                    if (!RedisInteger.TryParse(_arguments[i].Span, out var id) || id <= 0)
                    {
                        Error("ERR Invalid client ID");
                        return;
                    }

                    ids.Add(id);
                }

                filter = filter with { Ids = ids };
            }
            else
            {
                Error(ErrorReplies.Syntax);
                return;
            }
        }

        var requestId = ++_nextRequestId;
        Ask(new QueryClients(requestId, filter, Kill: false), _clients, requestId);
    }

    // CLIENT KILL ip:port | CLIENT KILL <filter> <value> [<filter> <value> ...]
    private void ClientKill()
    {
        var requestId = ++_nextRequestId;
        if (_arguments.Count == 3)
        {
            var address = Encoding.Latin1.GetString(_arguments[2].Span);
            Ask(new QueryClients(requestId, new ClientFilter { Address = address }, Kill: true), _clients, requestId);
            _killByAddress.Add(requestId);
            return;
        }

        if (_arguments.Count % 2 != 0)
        {
            Error(ErrorReplies.Syntax);
            return;
        }

        var filter = new ClientFilter { SkipId = _id };
        for (var i = 2; i < _arguments.Count; i += 2)
        {
            var option = Encoding.Latin1.GetString(_arguments[i].Span).ToUpperInvariant();
            var value = Encoding.Latin1.GetString(_arguments[i + 1].Span);
            switch (option)
            {
                case "ID":
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
                    {
                        Error("ERR client-id should be greater than 0");
                        return;
                    }

                    filter = filter with { Ids = new HashSet<long> { id } };
                    break;
                case "TYPE":
                    var type = value.ToLowerInvariant();
                    if (type is not ("normal" or "pubsub" or "master" or "replica" or "slave"))
                    {
                        Error($"ERR Unknown client type '{value}'");
                        return;
                    }

                    filter = filter with { Type = type };
                    break;
                case "ADDR":
                    filter = filter with { Address = value };
                    break;
                case "LADDR":
                    filter = filter with { LocalAddress = value };
                    break;
                case "USER":
                    filter = filter with { User = value };
                    break;
                case "MAXAGE":
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var maxAge))
                    {
                        Error(ErrorReplies.Syntax);
                        return;
                    }

                    filter = filter with { MaxAgeSeconds = maxAge };
                    break;
                case "SKIPME":
                    var skip = value.ToLowerInvariant();
                    if (skip is not ("yes" or "no"))
                    {
                        Error(ErrorReplies.Syntax);
                        return;
                    }

                    filter = filter with { SkipId = skip == "yes" ? _id : null };
                    break;
                default:
                    Error(ErrorReplies.Syntax);
                    return;
            }
        }

        Ask(new QueryClients(requestId, filter, Kill: true), _clients, requestId);
    }

    private readonly HashSet<long> _killByAddress = [];

    private void OnClientsQueried(ClientsQueried queried)
    {
        if (!_queries.TryGetValue(queried.RequestId, out var query))
        {
            return;
        }

        var question = (QueryClients)query.Question;
        if (!question.Kill)
        {
            var lines = string.Concat(queried.Clients.Select(c => c.ToClientListLine() + "\n"));
            AnswerQuery(queried.RequestId, w => VerbatimText.Write(w, lines, _protocol));
            return;
        }

        var killsSelf = queried.Clients.Any(c => c.Id == _id);
        if (_killByAddress.Remove(queried.RequestId))
        {
            AnswerQuery(queried.RequestId, w =>
            {
                if (queried.Clients.Count > 0)
                {
                    RespWriter.SimpleString(w, "OK"u8);
                }
                else
                {
                    RespWriter.Error(w, "ERR No such client");
                }
            });
        }
        else
        {
            AnswerQuery(queried.RequestId, w => RespWriter.Integer(w, queried.Clients.Count));
        }

        if (killsSelf)
        {
            // Killing itself: the reply goes out first, then the connection closes.
            RequestClose();
        }
    }

    private void ClientReply()
    {
        var mode = Encoding.Latin1.GetString(_arguments[2].Span).ToUpperInvariant();
        switch (mode)
        {
            case "ON":
                _replyMode = ReplyMode.On;
                _suppressReply = false;
                RespWriter.SimpleString(Reply, "OK"u8);
                break;
            case "OFF":
                _replyMode = ReplyMode.Off;
                break;
            case "SKIP":
                // Skips the reply of the next command; this one has none either.
                _replyMode = ReplyMode.Skip;
                break;
            default:
                Error(ErrorReplies.Syntax);
                break;
        }
    }

    private void ClientSetInfo()
    {
        var attribute = Encoding.Latin1.GetString(_arguments[2].Span).ToUpperInvariant();
        var value = Encoding.Latin1.GetString(_arguments[3].Span);
        if (attribute is not ("LIB-NAME" or "LIB-VER"))
        {
            Error($"ERR Unrecognized option '{Encoding.Latin1.GetString(_arguments[2].Span)}'");
            return;
        }

        if (!IsValidClientName(value) || (attribute == "LIB-NAME" && value.Contains('(')))
        {
            Error($"ERR {attribute.ToLowerInvariant()} cannot contain spaces, newlines or special characters.");
            return;
        }

        if (attribute == "LIB-NAME")
        {
            _libraryName = value;
        }
        else
        {
            _libraryVersion = value;
        }

        RespWriter.SimpleString(Reply, "OK"u8);
    }

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

        VerbatimText.Write(Reply, ServerInfo.Build(sections, _counters, _settings), _protocol);
    }

    private void WriteHelp(string[] lines)
    {
        RespWriter.ArrayHeader(Reply, lines.Length);
        foreach (var line in lines)
        {
            RespWriter.SimpleString(Reply, Encoding.ASCII.GetBytes(line));
        }
    }

    private ClientSnapshot Snapshot() => new(
        _id,
        _remoteAddress,
        _localAddress,
        _name,
        (long)(DateTime.UtcNow - _connectedAt).TotalSeconds,
        (long)(DateTime.UtcNow - _lastCommandAt).TotalSeconds,
        _channels.Count,
        _patterns.Count,
        _reader.BufferedBytes,
        _outbound.QueuedBuffers,
        _outbound.QueuedBytes + _outbound.InFlightBytes,
        _lastCommand,
        (int)_protocol,
        _libraryName,
        _libraryVersion);

    // Redis accepts names of printable ASCII without spaces ('!'..'~'); the empty name clears it.
    private static bool IsValidClientName(string name) => name.All(c => c is >= '!' and <= '~');
}

using System.Globalization;
using System.Text;
using ActorRooms.Broker.Clients;
using ActorRooms.Broker.Commands;
using ActorRooms.Broker.Security;
using ActorRooms.Messages.Resp;

namespace ActorRooms.Broker.Network;

/// <summary>CLIENT: names, ids, CLIENT LIST / KILL through the client directory, CLIENT REPLY and SETINFO.</summary>
public sealed partial class ClientConnectionActor
{
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

    // CLIENT KILL ip:port requests, answered +OK / -ERR No such client rather than with a count.
    private readonly HashSet<long> _killByAddress = [];

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
        _libraryVersion) { User = _user?.Name ?? BrokerUser.DefaultName };

    // Redis accepts names of printable ASCII without spaces ('!'..'~'); the empty name clears it.
    private static bool IsValidClientName(string name) => name.All(c => c is >= '!' and <= '~');
}

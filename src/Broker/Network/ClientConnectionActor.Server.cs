using System.Text;
using ActorRooms.Broker.Clients;
using ActorRooms.Broker.Commands;
using ActorRooms.Broker.Rooms;
using ActorRooms.Messages.Resp;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Broker.Network;

/// <summary>Connection state and server questions: HELLO, RESET, the PUBSUB queries, and replies that other actors answer.</summary>
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
        // As Redis: RESET logs the connection out again, unless the default user needs no password.
        StartUnauthenticated();
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
        var authAt = -1;
        for (var i = 2; i < _arguments.Count; i++)
        {
            var option = Encoding.Latin1.GetString(_arguments[i].Span);
            var remaining = _arguments.Count - i - 1;
            if (option.Equals("AUTH", StringComparison.OrdinalIgnoreCase) && remaining >= 2)
            {
                // Checked once every option is known to be well-formed, as Redis does.
                authAt = i;
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

        if (authAt > 0 && !TryAuthenticate(Encoding.Latin1.GetString(_arguments[authAt + 1].Span), _arguments[authAt + 2].Span))
        {
            return;
        }

        if (!IsAuthenticated)
        {
            Error(ErrorReplies.HelloNoAuth);
            return;
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

    private void WriteHelp(string[] lines)
    {
        RespWriter.ArrayHeader(Reply, lines.Length);
        foreach (var line in lines)
        {
            RespWriter.SimpleString(Reply, Encoding.ASCII.GetBytes(line));
        }
    }
}

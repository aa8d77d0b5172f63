using System.Buffers;
using ActorRooms.Broker.Commands;
using ActorRooms.Messages.Resp;

namespace ActorRooms.Broker.Network;

/// <summary>Command dispatch: lookup, arity, the RESP2 subscribed-mode rule and CLIENT REPLY, in Redis's order.</summary>
public sealed partial class ClientConnectionActor
{
    private enum ReplyMode
    {
        On,
        Off,
        Skip,
    }

    private ReplyMode _replyMode = ReplyMode.On;
    private bool _suppressReply;

    /// <summary>Where the current command's reply goes: the pipeline, or nowhere under CLIENT REPLY OFF/SKIP.</summary>
    private IBufferWriter<byte> Reply
    {
        get
        {
            if (!_suppressReply)
            {
                return _replies.Ready;
            }

            _discardedReplies.ResetWrittenCount();
            return _discardedReplies;
        }
    }

    private void Execute()
    {
        _lastCommandAt = DateTime.UtcNow;
        _suppressReply = _replyMode != ReplyMode.On;
        if (_replyMode == ReplyMode.Skip)
        {
            _replyMode = ReplyMode.On;
        }

        if (!CommandTable.TryFind(_arguments[0].Span, out var command))
        {
            Error(ErrorReplies.UnknownCommand(_arguments));
            return;
        }

        var effective = command;
        if (command.Subcommands.Count > 0 && _arguments.Count >= 2
            && !CommandTable.TryFindSubcommand(command, _arguments[1].Span, out effective))
        {
            Error(ErrorReplies.UnknownSubcommand(_arguments[1].Span, command.Name));
            return;
        }

        if (!effective.AcceptsArgumentCount(_arguments.Count))
        {
            Error(ErrorReplies.WrongArity(effective.Name));
            return;
        }

        // Redis's order: NOAUTH, then NOPERM, then the RESP2 subscribed-mode rule.
        if (!IsAuthenticated && !effective.AllowedBeforeAuthentication)
        {
            Error(ErrorReplies.NoAuth);
            return;
        }

        if (!_permissions.AllowsEverything && !PermitsRooms(command.Name))
        {
            _counters.ChannelDenied();
            Error(ErrorReplies.NoPermissionForChannel);
            return;
        }

        // RESP2 subscribed mode: only (P)SUBSCRIBE, (P)UNSUBSCRIBE, PING, QUIT and RESET. RESP3 has no such limit.
        if (_protocol == RespProtocol.Resp2 && IsSubscribed && !effective.AllowedWhileSubscribed)
        {
            Error(ErrorReplies.NotAllowedWhileSubscribed(effective.Name));
            return;
        }

        _lastCommand = effective.Name;
        switch (command.Name)
        {
            case "publish":
                Publish();
                break;
            case "subscribe":
                Subscribe();
                break;
            case "unsubscribe":
                Unsubscribe();
                break;
            case "psubscribe":
                PatternSubscribe();
                break;
            case "punsubscribe":
                PatternUnsubscribe();
                break;
            case "pubsub":
                PubSubQuery(effective);
                break;
            case "ping":
                Ping();
                break;
            case "echo":
                RespWriter.BulkString(Reply, _arguments[1].Span);
                break;
            case "quit":
                RespWriter.SimpleString(Reply, "OK"u8);
                RequestClose();
                break;
            case "reset":
                Reset();
                break;
            case "hello":
                Hello();
                break;
            case "client":
                Client(effective);
                break;
            case "command":
                CommandCommand(effective);
                break;
            case "info":
                Info();
                break;
            case "auth":
                Auth();
                break;
            case "acl":
                Acl(effective);
                break;
            case var room when room.StartsWith("room.", StringComparison.Ordinal):
                RoomCommand(command);
                break;
            default:
                Error(ErrorReplies.UnknownCommand(_arguments));
                break;
        }
    }

    private void Error(string message) => RespWriter.Error(Reply, message);

    private void Ping()
    {
        // Redis's arity for PING is -1, but it takes at most one message.
        if (_arguments.Count > 2)
        {
            Error(ErrorReplies.WrongArity("ping"));
            return;
        }

        if (_protocol == RespProtocol.Resp2 && IsSubscribed)
        {
            // RESP2 subscribed mode answers PING as a push-shaped array: *2 pong <arg or empty>.
            RespWriter.ArrayHeader(Reply, 2);
            RespWriter.BulkString(Reply, "pong"u8);
            RespWriter.BulkString(Reply, _arguments.Count > 1 ? _arguments[1].Span : []);
        }
        else if (_arguments.Count > 1)
        {
            RespWriter.BulkString(Reply, _arguments[1].Span);
        }
        else
        {
            RespWriter.SimpleString(Reply, "PONG"u8);
        }
    }
}

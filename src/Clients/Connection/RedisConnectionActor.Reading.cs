using ActorRooms.Protocol.PubSub;
using ActorRooms.Protocol.Resp;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Clients.Connection;

/// <summary>The read side: every value of a socket read, sorted into replies, messages and confirmations.</summary>
public sealed partial class RedisConnectionActor
{
    private void OnReceived(Tcp.Received received)
    {
        _readRequested = false;
        // One copy of the read into an array of our own: Akka.IO does not expose the ByteString's array, and
        // messages travel to the owner as slices of it, so it must be ours and never change.
        _reader.Feed(received.Data.ToArray());
        List<RespValue>? replies = null;
        List<PubSubMessage>? messages = null;
        string? garbled = null;
        string? refused = null;
        while (garbled is null && refused is null)
        {
            var result = _reader.TryRead(out var value);
            if (result == RespReplyReadResult.NeedMoreData)
            {
                break;
            }

            if (result == RespReplyReadResult.ProtocolError)
            {
                garbled = _reader.Error;
                break;
            }

            ServerAnswered();
            if (value.IsError && Refusal(value.Text) is { } refusal)
            {
                refused = refusal;
                break;
            }

            var kind = PubSubPushes.Classify(value, _subscriptions.Any);
            switch (kind)
            {
                case PubSubPushKind.None when _handshake.AwaitsReply:
                    HandshakeReplied(value);
                    break;
                case PubSubPushKind.None:
                    (replies ??= []).Add(value);
                    break;
                case PubSubPushKind.Message or PubSubPushKind.PatternMessage or PubSubPushKind.RoomMessage or PubSubPushKind.RoomNotice:
                    (messages ??= []).Add(PubSubPushes.ToMessage(value, kind));
                    break;
                case PubSubPushKind.RoomJoined:
                    _handshake.RoomJoined();

                    // Also in the message stream: its epoch and last seq start the reader's sequence check.
                    (messages ??= []).Add(PubSubPushes.ToMessage(value, kind));
                    _log.Info("Joined room feed '{0}' on {1}", value.Items[1].Text, _settings.Address);
                    _owner.Tell(new RedisSubscribed(RoomPushKinds.Joined, value.Items[1].Text, value.Items[4].Integer));
                    break;
                case PubSubPushKind.Subscribed:
                    OnSubscribed(value);
                    break;
                case PubSubPushKind.Unsubscribed:
                    _log.Info("Left {0} on {1}", value.Items[1].IsNull ? "everything" : $"'{value.Items[1].Text}'", _settings.Address);
                    break;
                default:
                    _log.Debug("Ignoring a push from {0}: {1}", _settings.Address, value);
                    break;
            }
        }

        // What arrived before any garbage is good: hand it on first.
        if (messages is not null)
        {
            _unhandledBatches++;
            _owner.Tell(new RedisMessages(messages));
        }

        if (replies is not null)
        {
            _owner.Tell(new RedisReplies(replies));
        }

        if (refused is not null)
        {
            GiveUp(refused, Hosting.ExitCodes.Refused);
            return;
        }

        if (garbled is not null)
        {
            _log.Warning("Garbled data from {0} ({1}); resetting the connection", _settings.Address, garbled);
            Fail($"garbled data: {garbled}", connectionFailed: false);
            return;
        }

        ResumeReadingIfReady();
    }

    private void OnSubscribed(in RespValue confirmation)
    {
        var kind = confirmation.Items[0].Text;
        var name = confirmation.Items[1].Text;
        var count = confirmation.Items[2].Integer;
        _log.Info("Joined {0} '{1}' on {2}", kind == "psubscribe" ? "pattern" : "room", name, _settings.Address);
        _owner.Tell(new RedisSubscribed(kind, name, count));
    }

    /// <summary>
    /// What an error reply means when it is a refusal that no retry can cure: wrong credentials (WRONGPASS), a server
    /// that wants credentials we were not given (NOAUTH), or a room this user may not use (NOPERM). Null otherwise.
    /// </summary>
    private static string? Refusal(string error) =>
        error.StartsWith("WRONGPASS", StringComparison.Ordinal) ? $"the server refused the user name or password ({error})"
        : error.StartsWith("NOAUTH", StringComparison.Ordinal) ? $"the server requires authentication: pass --user and --password, or set {Hosting.ExitCodes.PasswordVariableName} ({error})"
        : error.StartsWith("NOPERM", StringComparison.Ordinal) ? $"the server refused this user the room ({error})"
        : null;

    /// <summary>The reply to the oldest handshake command still waiting for one.</summary>
    private void HandshakeReplied(in RespValue value)
    {
        switch (_handshake.Replied())
        {
            case HandshakeStep.Auth:
                // A refusal never gets here (it ends the connection first); +OK needs nothing more.
                break;
            case HandshakeStep.ClientName when value.IsError:
                _log.Debug("{0} refused CLIENT SETNAME: {1}", _settings.Address, value.Text);
                break;
            case HandshakeStep.RoomFeaturesProbe:
                // COMMAND INFO answers a null for a command the server does not have.
                var supported = value.Type == RespValueType.Array && value.Items.Count == 1 && value.Items[0].IsAggregate && !value.Items[0].IsNull;
                _owner.Tell(new RedisServerFeatures(supported));
                _owner.Tell(new RedisConnected(_remote!));
                break;
            case HandshakeStep.Hello:
                // A map (now RESP3), or an error from a server without HELLO; then ROOM.JOIN is refused and we subscribe.
                _log.Debug("{0} answered HELLO 3: {1}", _settings.Address, value.Type);
                break;
            case HandshakeStep.RoomJoin:
                // ROOM.JOIN answers with roomjoined (classified apart); any other reply is its refusal (a plain Redis server,
                // or RESP2): subscribe instead.
                _log.Info("{0} has no room features ({1}); joining '{2}' with SUBSCRIBE", _settings.Address, value.Text, _subscriptions.Feed!.Room);
                _queue.Enqueue(new SendCommands(_handshake.RoomFeedsRefused(), 0));
                WriteNext();
                break;
        }
    }

    /// <summary>The server speaks: the next failure starts the backoff from its shortest wait again.</summary>
    private void ServerAnswered()
    {
        _answeredOnThisConnection = true;
        if (_backoff.Attempt > 0 || _failingSinceLastSuccess)
        {
            _backoff.Reset();
            _failingSinceLastSuccess = false;
        }
    }
}

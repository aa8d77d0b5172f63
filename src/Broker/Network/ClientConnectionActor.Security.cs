using System.Buffers;
using System.Text;
using ActorRooms.Broker.Commands;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Security;
using ActorRooms.Messages.Resp;
using Akka.Actor;
using Akka.Event;

namespace ActorRooms.Broker.Network;

/// <summary>
/// Who the client is and what it may do: AUTH, the failed-AUTH brake, the room checks of PUBLISH / SUBSCRIBE /
/// PSUBSCRIBE (decided by <see cref="RoomPermissions"/>), the ACL commands, and a reload's re-check of the user and
/// its subscriptions.
/// </summary>
public sealed partial class ClientConnectionActor
{
    private static readonly string[] AclHelp =
    [
        "ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "LIST",
        "    Show users and their rules (no secrets: not even password hashes).",
        "USERS",
        "    List the user names.",
        "WHOAMI",
        "    Return the user this connection is authenticated as.",
        "LOAD",
        "    Reload the users from the broker's --config file (as SIGHUP does).",
        "HELP",
        "    Print this help.",
    ];

    private static readonly RoomPermissions NoRooms = new(BrokerUser.OpenDefault with { Publish = [], Subscribe = [] });

    private readonly IActorRef _usersActor;
    private UserDirectory _users;
    private BrokerUser? _user;
    private RoomPermissions _permissions = NoRooms;
    private int _failedAuths;
    private bool _authPaused;
    private AwaitedReply? _delayedAuthReply;
    private byte[]? _lastPermittedPublishRoom;

    private bool IsAuthenticated => _user is not null;

    private void ReceiveSecurityMessages()
    {
        Receive<AuthDelayElapsed>(_ => ReleaseDelayedAuthReply());
        Receive<UsersChanged>(changed => ApplyUsers(changed.Users));
        Receive<UsersReloaded>(OnUsersReloaded);
    }

    /// <summary>Back to the state of a new connection: the open default user, or nobody until AUTH.</summary>
    private void StartUnauthenticated()
    {
        if (_users.IsOpen)
        {
            LogIn(BrokerUser.OpenDefault);
            return;
        }

        _user = null;
        _permissions = NoRooms;
        _lastPermittedPublishRoom = null;
        _reader.Authenticated = false;
    }

    private void LogIn(BrokerUser user)
    {
        _user = user;
        _permissions = new RoomPermissions(user);
        _lastPermittedPublishRoom = null;
        _reader.Authenticated = true;
    }

    // AUTH password | AUTH username password
    private void Auth()
    {
        if (_arguments.Count > 3)
        {
            Error(ErrorReplies.Syntax);
            return;
        }

        if (_arguments.Count == 2 && _users.IsOpen)
        {
            Error(ErrorReplies.AuthWithoutPasswords);
            return;
        }

        var name = _arguments.Count == 3 ? Encoding.Latin1.GetString(_arguments[1].Span) : BrokerUser.DefaultName;
        if (TryAuthenticate(name, _arguments[^1].Span))
        {
            RespWriter.SimpleString(Reply, "OK"u8);
        }
    }

    /// <summary>
    /// Logs in as <paramref name="name"/> when the password is right; otherwise queues the delayed WRONGPASS reply
    /// (and, at the last allowed failure, the closing error) and pauses the connection until it is due.
    /// </summary>
    private bool TryAuthenticate(string name, ReadOnlySpan<byte> password)
    {
        if (_users.Authenticate(name, password) is { } user)
        {
            LogIn(user);
            return true;
        }

        _failedAuths++;
        _counters.AuthFailed();
        var brake = _settings.Security.AuthFailures;
        _log.Info("Client id={0} addr={1}: failed AUTH as '{2}' ({3} of {4} allowed on this connection)", _id, _remoteAddress, name, _failedAuths, brake.MaxFailures);
        var reply = new AwaitedReply(1, _suppressReply);
        RespWriter.Error(reply.Bytes, ErrorReplies.WrongPass);
        if (brake.IsLast(_failedAuths))
        {
            // Written even under CLIENT REPLY OFF: it says why the connection is about to close.
            var closing = new AwaitedReply(0, suppressed: false);
            RespWriter.Error(closing.Bytes, $"ERR too many failed authentication attempts ({brake.MaxFailures}); connection closed");
            _replies.Add(reply);
            _replies.Add(closing);
        }
        else
        {
            _replies.Add(reply);
        }

        _delayedAuthReply = reply;
        _authPaused = true;
        Timers.StartSingleTimer(AuthDelayElapsed.Instance, AuthDelayElapsed.Instance, brake.DelayAfter(_failedAuths));
        return false;
    }

    /// <summary>The WRONGPASS is due: send it, then close (last failure) or run what the client sent after it.</summary>
    private void ReleaseDelayedAuthReply()
    {
        if (_delayedAuthReply is null)
        {
            return;
        }

        _delayedAuthReply.Outstanding = 0;
        _delayedAuthReply = null;
        _authPaused = false;
        if (_settings.Security.AuthFailures.IsLast(_failedAuths))
        {
            _counters.AuthFailureDisconnected();
            _log.Warning("Client id={0} addr={1} closed after {2} failed AUTH attempts", _id, _remoteAddress, _failedAuths);
            RequestClose();
            Flush();
            return;
        }

        var commands = RunCommands();
        SendPublishBatches();
        _counters.CommandsProcessed(commands);
        Flush();
    }

    /// <summary>True when the current PUBLISH / SUBSCRIBE / PSUBSCRIBE names only rooms the user may use; Redis refuses the whole command otherwise.</summary>
    private bool PermitsRooms(string command)
    {
        switch (command)
        {
            case "publish" or "room.publish":
                var room = _arguments[1].Span;
                if (_lastPermittedPublishRoom is not null && room.SequenceEqual(_lastPermittedPublishRoom))
                {
                    return true;
                }

                if (!_permissions.CanPublish(Encoding.Latin1.GetString(room)))
                {
                    return false;
                }

                _lastPermittedPublishRoom = room.ToArray();
                return true;
            case "subscribe":
            case "psubscribe":
                for (var i = 1; i < _arguments.Count; i++)
                {
                    var name = Encoding.Latin1.GetString(_arguments[i].Span);
                    if (!(command == "subscribe" ? _permissions.CanSubscribe(name) : _permissions.CanSubscribePattern(name)))
                    {
                        return false;
                    }
                }

                return true;
            case "room.join" or "room.last" or "room.members" or "room.info":
                // Reading a room's messages, last values, members or traffic is subscribing to it.
                return _permissions.CanSubscribe(Encoding.Latin1.GetString(_arguments[1].Span));
            default:
                // ROOM.LEAVE is always allowed; ROOM.LIST shows only the rooms this user may subscribe to.
                return true;
        }
    }

    private void Acl(CommandSpec subcommand)
    {
        switch (subcommand.Name)
        {
            case "acl|whoami":
                RespWriter.BulkString(Reply, Encoding.Latin1.GetBytes(_user?.Name ?? BrokerUser.DefaultName));
                break;
            case "acl|users":
                WriteBulkArray(Reply, _users.Users.Select(u => u.Name).ToList());
                break;
            case "acl|list":
                WriteBulkArray(Reply, _users.Users.Select(u => u.ToAclRule()).ToList());
                break;
            case "acl|load":
                if (_usersActor.IsNobody())
                {
                    Error("ERR This broker cannot reload users");
                    return;
                }

                var requestId = ++_nextRequestId;
                Ask(new ReloadUsers(requestId), _usersActor, requestId);
                break;
            default:
                WriteHelp(AclHelp);
                break;
        }
    }

    private static void WriteBulkArray(IBufferWriter<byte> writer, IReadOnlyList<string> items)
    {
        RespWriter.ArrayHeader(writer, items.Count);
        foreach (var item in items)
        {
            RespWriter.BulkString(writer, Encoding.Latin1.GetBytes(item));
        }
    }

    private void OnUsersReloaded(UsersReloaded reloaded)
    {
        if (reloaded.Error is null)
        {
            // The listener passes the same set to everyone; applying it here first makes +OK mean "in force here".
            ApplyUsers(reloaded.Users);
        }

        AnswerQuery(reloaded.RequestId, w =>
        {
            if (reloaded.Error is null)
            {
                RespWriter.SimpleString(w, "OK"u8);
            }
            else
            {
                RespWriter.Error(w, "ERR " + reloaded.Error.ReplaceLineEndings(" "));
            }
        });
    }

    /// <summary>
    /// A reload: the connection's user is looked up again by name. Gone or disabled: the client is told why and closed.
    /// Still there: its new rules apply from the next command, and subscriptions they no longer allow are ended with
    /// the unsubscribe / punsubscribe frames a client gets when it leaves (Redis would close the connection instead).
    /// </summary>
    private void ApplyUsers(UserDirectory users)
    {
        if (ReferenceEquals(users, _users))
        {
            return;
        }

        _users = users;
        if (_user is null)
        {
            // Not logged in: with no users left the broker is open, and so is this connection.
            if (users.IsOpen)
            {
                LogIn(BrokerUser.OpenDefault);
            }

            return;
        }

        var updated = users.Find(_user.Name);
        if (updated is not { Enabled: true })
        {
            CloseForRevokedUser(_user.Name, updated is null ? "removed" : "disabled");
            return;
        }

        LogIn(updated);
        EndForbiddenSubscriptions();
    }

    private void CloseForRevokedUser(string name, string what)
    {
        _log.Warning("Client id={0} addr={1}: user '{2}' was {3} by a users reload; closing the connection", _id, _remoteAddress, name, what);
        LeaveAll(new AwaitedReply(0, suppressed: true));
        RespWriter.Error(_replies.Ready, $"ERR user '{name}' was {what} by a users reload; connection closed");
        _user = null;
        _permissions = NoRooms;
        RequestClose();
        Flush();
    }

    private void EndForbiddenSubscriptions()
    {
        var channels = _channels.Where(c => !_permissions.CanSubscribe(c)).ToList();
        var patterns = _patterns.Where(p => !_permissions.CanSubscribePattern(p)).ToList();
        var feeds = _roomFeeds.Keys.Where(r => !_permissions.CanSubscribe(r)).ToList();
        if (channels.Count == 0 && patterns.Count == 0 && feeds.Count == 0)
        {
            return;
        }

        _log.Info(
            "Client id={0} addr={1}: user '{2}' may no longer subscribe to {3}; unsubscribed by the server",
            _id, _remoteAddress, _user?.Name ?? string.Empty, string.Join(", ", channels.Concat(patterns).Concat(feeds)));
        SendPublishBatches();
        // Pushes, not replies: CLIENT REPLY OFF does not hold them back. They leave once the rooms have let go.
        var notice = new AwaitedReply(0, suppressed: false);
        foreach (var channel in channels)
        {
            LeaveChannel(channel, notice);
            PubSubFrames.WriteConfirmation(notice.Bytes, PubSubFrames.Confirmation.Unsubscribe, Encoding.Latin1.GetBytes(channel), false, SubscriptionCount, _protocol);
        }

        foreach (var pattern in patterns)
        {
            LeavePattern(pattern, notice);
            PubSubFrames.WriteConfirmation(notice.Bytes, PubSubFrames.Confirmation.PatternUnsubscribe, Encoding.Latin1.GetBytes(pattern), false, SubscriptionCount, _protocol);
        }

        foreach (var room in feeds)
        {
            LeaveRoomFeed(room, notice);
            RoomFrames.WriteLeft(notice.Bytes, Encoding.Latin1.GetBytes(room), SubscriptionCount, _protocol);
        }

        _replies.Add(notice);
        Flush();
    }

    private sealed class AuthDelayElapsed
    {
        public static AuthDelayElapsed Instance { get; } = new();

        private AuthDelayElapsed()
        {
        }
    }
}

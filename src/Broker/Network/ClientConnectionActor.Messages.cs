using ActorRooms.Broker.Clients;
using ActorRooms.Broker.Commands;
using ActorRooms.Broker.Network.Auth;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.Replies;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Security;
using ActorRooms.Messages.Resp;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Broker.Network;

/// <summary>
/// The connection's mailbox beyond the socket: deliveries, the answers of rooms, the registry, the client directory
/// and the users actor, and its own timers. Each handler hands the message to the part that owns it, then flushes.
/// </summary>
public sealed partial class ClientConnectionActor
{
    /// <summary>Messages from rooms: queued unless the client was shed as a slow consumer.</summary>
    private void ReceiveDeliveries()
    {
        // Deliveries from rooms already left and confirmed are dropped: after the confirmation nothing arrives.
        Receive<RoomDelivery>(delivery => Deliver(_session.Subscriptions.ListensTo(delivery.Room), delivery.Frames));
        Receive<PatternDelivery>(delivery => Deliver(_session.Subscriptions.ListensToPattern(delivery.Pattern), delivery.Frames));
        Receive<RoomFeedDelivery>(delivery =>
        {
            if (!_output.IsShed && _session.Feeds.Deliver(delivery, Now, out var rateLimited))
            {
                if (rateLimited)
                {
                    ScheduleRateLimitRelease();
                }

                Flush();
            }
        });
        Receive<RoomFeedNotice>(notice =>
        {
            if (!_output.IsShed && _session.Feeds.Notice(notice))
            {
                Flush();
            }
        });
        Receive<RateLimitDue>(_ =>
        {
            if (!_output.IsShed)
            {
                _session.Feeds.ReleaseRateLimited(Now);
                ScheduleRateLimitRelease();
                Flush();
            }
        });
    }

    /// <summary>What every state handles alike.</summary>
    private void ReceiveCommon()
    {
        Receive<WriteAck>(_ =>
        {
            _output.Acknowledge();
            Flush();
        });
        Receive<Tcp.CommandFailed>(OnCommandFailed);
        Receive<Tcp.PeerClosed>(_ => RequestClose()); // half-closed by the client: answer what it sent, then close our side
        Receive<Tcp.ConnectionClosed>(OnConnectionClosed);
        Receive<Terminated>(OnTerminated);
        ReceiveRoomAnswers();
        ReceiveQueryAnswers();
        Receive<DescribeClient>(describe => Sender.Tell(new ClientDescribed(describe.QueryId, _session.Snapshot())));
        Receive<DescribeRoomMember>(describe => Sender.Tell(new RoomMemberDescribed(describe.QueryId, _session.DescribeIn(describe.Room))));
        Receive<KillClient>(_ => OnKilled());
        Receive<ShutdownConnection>(_ => RequestClose());
        Receive<UsersChanged>(changed => ApplyUsers(changed.Users));
        Receive<AuthDelayElapsed>(_ => OnAuthDelayElapsed());
        Receive<CloseTimedOut>(_ => OnCloseTimedOut());
        Receive<IdleCheck>(_ => CheckIdle());
    }

    private void ReceiveRoomAnswers()
    {
        Receive<BatchPublished>(OnBatchPublished);
        Receive<RoomJoined>(joined =>
        {
            _session.Router.Remember(joined.Room, Sender);
            CompleteRoomRequest(joined.RequestId);
        });
        Receive<RoomLeft>(left => CompleteRoomRequest(left.RequestId));
        Receive<RoomFeedJoined>(joined =>
        {
            _session.Router.Remember(joined.Room, Sender);
            _session.Feeds.Joined(joined);
            CompleteRoomRequest(joined.RequestId);
            Flush();
        });
        Receive<PatternRoomsNotified>(notified => FlushIf(_session.Subscriptions.PatternRoomsNotified(notified.RequestId, notified.RoomsToConfirm)));
        Receive<PatternMembershipConfirmed>(confirmed => FlushIf(_session.Subscriptions.PatternMembershipConfirmed(confirmed.RequestId)));
    }

    private void ReceiveQueryAnswers()
    {
        Receive<ChannelsListed>(listed => Answer(listed.RequestId, (_, w) => ServerReplies.WriteBulkArray(w, listed.Channels)));
        Receive<SubscribersCounted>(counted => Answer(counted.RequestId, (question, w) =>
            ServerReplies.WriteSubscriberCounts(w, ((CountSubscribers)question).Channels, counted.Counts)));
        Receive<PatternsCounted>(counted => Answer(counted.RequestId, (_, w) => RespWriter.Integer(w, counted.Count)));
        Receive<ClientsQueried>(OnClientsQueried);
        Receive<RoomLastAnswered>(answer => Answer(answer.RequestId, (_, w) => RoomReplies.WriteLast(w, answer, _client.Protocol)));
        Receive<RoomMembersAnswered>(answer => Answer(answer.RequestId, (_, w) => RoomReplies.WriteMembers(w, answer.Members, _client.Protocol)));
        Receive<RoomInfoAnswered>(answer => Answer(answer.RequestId, (_, w) => RoomReplies.WriteInfo(w, answer.Info, _client.Protocol)));
        Receive<RoomNotFound>(notFound => Answer(notFound.RequestId, (question, w) =>
        {
            if (question is QueryRoomMembers)
            {
                RoomReplies.WriteMembers(w, [], _client.Protocol);
            }
            else
            {
                RespWriter.Null(w, _client.Protocol);
            }
        }));
        // Only the rooms this user may subscribe to: a room's name is itself information.
        Receive<RoomsListed>(listed => Answer(listed.RequestId, (_, w) =>
        {
            var permissions = _client.Permissions;
            RoomReplies.WriteRoomList(w, listed.Rooms, permissions.AllowsEverything ? null : r => permissions.CanSubscribe(r));
        }));
        Receive<UsersReloaded>(reloaded =>
        {
            if (reloaded.Error is null)
            {
                // The listener passes the same set to everyone; applying it here first makes +OK mean "in force here".
                ApplyUsers(reloaded.Users);
            }

            Answer(reloaded.RequestId, (_, w) =>
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
        });
    }

    private void Deliver(bool wanted, ByteString frames)
    {
        if (!_output.IsShed && wanted)
        {
            _output.Queue.Enqueue(frames);
            Flush();
        }
    }

    private void FlushIf(bool changed)
    {
        if (changed)
        {
            Flush();
        }
    }

    private void Answer(long requestId, Action<object, System.Buffers.IBufferWriter<byte>> write) => FlushIf(_session.Queries.Answer(requestId, write));

    private void OnBatchPublished(BatchPublished published)
    {
        if (_session.Router.Complete(published.RequestId) is not { } request)
        {
            return;
        }

        // Own copies are kept only for what this client still listens to (or is leaving but not yet confirmed).
        var subscriptions = _session.Subscriptions;
        var own = published.Own?.Where(o => o.Pattern is null ? subscriptions.ListensTo(request.Message.Room) : subscriptions.ListensToPattern(o.Pattern)).ToList();
        request.Publish?.Acknowledge(published.Receivers, own ?? []);
        if (!Sender.Equals(_session.Peers.Rooms))
        {
            _session.Router.Remember(request.Message.Room, Sender);
        }

        _session.Router.ForgetSurplus();
        Flush();
    }

    private void CompleteRoomRequest(long requestId)
    {
        if (_session.Router.Complete(requestId) is not { } request)
        {
            return;
        }

        _session.Subscriptions.RoomRequestCompleted(request.Message);
        _session.Router.ForgetSurplus();
        if (request.Reply is not null)
        {
            request.Reply.Outstanding--;
            Flush();
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        if (_session.Router.RoomStopped(terminated.ActorRef) is { } room)
        {
            _session.Subscriptions.RoomStopped(room);
            _session.Feeds.RoomStopped(room);
        }
    }

    private void OnClientsQueried(ClientsQueried queried)
    {
        if (_session.Queries.QuestionOf(queried.RequestId) is not QueryClients question)
        {
            return;
        }

        var byAddress = _session.KillsByAddress.Remove(queried.RequestId);
        var killsSelf = false;
        Answer(queried.RequestId, (_, w) => killsSelf = ClientCommands.WriteAnswer(w, question, queried, byAddress, _client.Id, _client.Protocol));
        if (killsSelf)
        {
            // Killing itself: the reply goes out first, then the connection closes.
            RequestClose();
        }
    }

    /// <summary>A users reload: a revoked user is told why and closed; a changed one loses what its rules no longer allow.</summary>
    private void ApplyUsers(UserDirectory users)
    {
        var name = _client.User?.Name;
        switch (_session.Auth.Apply(users, out var revoked))
        {
            case Authenticator.ReloadOutcome.Revoked:
                _log.Warning("Client id={0} addr={1}: user '{2}' was {3} by a users reload; closing the connection", _client.Id, _client.RemoteAddress, name, revoked);
                _session.LeaveAll(new AwaitedReply(0, suppressed: true));
                RespWriter.Error(_output.Replies.Ready, $"ERR user '{name}' was {revoked} by a users reload; connection closed");
                _client.LogOut();
                RequestClose();
                Flush();
                break;
            case Authenticator.ReloadOutcome.RulesChanged:
                FlushIf(_session.EndForbiddenSubscriptions());
                break;
        }
    }

    private void ScheduleRateLimitRelease()
    {
        if (!Timers.IsTimerActive(RateLimitDue.Instance) && _session.Feeds.NextRelease() is { } at)
        {
            var delay = at - Now;
            Timers.StartSingleTimer(RateLimitDue.Instance, RateLimitDue.Instance, delay > TimeSpan.FromMilliseconds(1) ? delay : TimeSpan.FromMilliseconds(1));
        }
    }

    /// <summary>The ack of every write: at most one is outstanding.</summary>
    private sealed class WriteAck : Tcp.Event
    {
        public static WriteAck Instance { get; } = new();

        private WriteAck()
        {
        }
    }

    private sealed class CloseTimedOut
    {
        public static CloseTimedOut Instance { get; } = new();

        private CloseTimedOut()
        {
        }
    }

    private sealed class IdleCheck
    {
        public static IdleCheck Instance { get; } = new();

        private IdleCheck()
        {
        }
    }

    private sealed class AuthDelayElapsed
    {
        public static AuthDelayElapsed Instance { get; } = new();

        private AuthDelayElapsed()
        {
        }
    }

    /// <summary>A MAXRATE feed has a message whose key's interval has passed.</summary>
    private sealed class RateLimitDue
    {
        public static RateLimitDue Instance { get; } = new();

        private RateLimitDue()
        {
        }
    }
}

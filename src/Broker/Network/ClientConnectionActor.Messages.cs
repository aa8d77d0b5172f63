using ActorRooms.Broker.ClientDirectory;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Security;
using Akka.Actor;
using Akka.IO;

namespace ActorRooms.Broker.Network;

/// <summary>
/// The connection's mailbox beyond the socket: deliveries, the answers of rooms, the registry, the client directory
/// and the users actor. Each handler hands the message to the part that owns it, then flushes.
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
        Receive<RoomFeedNotice>(notice => FlushIf(!_output.IsShed && _session.Feeds.Notice(notice)));
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
        Receive<Tcp.CommandFailed>(failed =>
        {
            _closer.OnCommandFailed(failed);
            Context.Stop(Self);
        });
        Receive<Tcp.PeerClosed>(_ => RequestClose()); // half-closed by the client: answer what it sent, then close our side
        Receive<Tcp.ConnectionClosed>(closed =>
        {
            _closer.OnConnectionClosed(closed);
            Context.Stop(Self);
        });
        Receive<Terminated>(terminated => _rooms.Terminated(terminated.ActorRef));
        ReceiveRoomAnswers();
        ReceiveQueryAnswers();
        Receive<DescribeClient>(describe => Sender.Tell(new ClientDescribed(describe.QueryId, _session.Snapshot())));
        Receive<DescribeRoomMember>(describe => Sender.Tell(new RoomMemberDescribed(describe.QueryId, _session.DescribeIn(describe.Room))));
        Receive<KillClient>(_ => _closer.Kill());
        Receive<Monitor.MonitoredCommand>(monitored => Deliver(true, monitored.Line));
        Receive<ShutdownConnection>(_ => RequestClose());
        Receive<UsersChanged>(changed => FlushIf(_session.ApplyUsers(changed.Users)));
        Receive<AuthDelayElapsed>(_ => OnAuthDelayElapsed());
        Receive<ConnectionCloser.GraceExpired>(_ => _closer.OnGraceExpired());
        Receive<ConnectionCloser.IdleCheck>(_ => _closer.CheckIdle(_phase is Phase.Running or Phase.AuthPaused));
        Receive<QueryTimedOut>(timedOut => Answered(_session.Queries.TimeOut(timedOut.RequestId)));
    }

    private void ReceiveRoomAnswers()
    {
        Receive<BatchPublished>(published => FlushIf(_rooms.BatchPublished(published, Sender)));
        Receive<RoomJoined>(joined => FlushIf(_rooms.RoomJoined(joined, Sender)));
        Receive<RoomLeft>(left => FlushIf(_rooms.RoomLeft(left)));
        Receive<RoomFeedJoined>(joined => FlushIf(_rooms.RoomFeedJoined(joined, Sender)));
        Receive<PatternRoomsNotified>(notified => FlushIf(_rooms.PatternRoomsNotified(notified)));
        Receive<PatternMembershipConfirmed>(confirmed => FlushIf(_rooms.PatternMembershipConfirmed(confirmed)));
    }

    private void ReceiveQueryAnswers()
    {
        Receive<ChannelsListed>(answer => Answered(_answers.Answer(answer)));
        Receive<SubscribersCounted>(answer => Answered(_answers.Answer(answer)));
        Receive<PatternsCounted>(answer => Answered(_answers.Answer(answer)));
        Receive<RoomLastAnswered>(answer => Answered(_answers.Answer(answer)));
        Receive<RoomMembersAnswered>(answer => Answered(_answers.Answer(answer)));
        Receive<RoomInfoAnswered>(answer => Answered(_answers.Answer(answer)));
        Receive<RoomNotFound>(answer => Answered(_answers.Answer(answer)));
        Receive<RoomsListed>(answer => Answered(_answers.Answer(answer)));
        Receive<UsersReloaded>(answer => Answered(_answers.Answer(answer)));
        Receive<ClientsQueried>(answer => Answered(_answers.Answer(answer)));
    }

    // A query was answered: a command held behind it may run now (then everything after it in the read), else flush.
    private void Answered(bool changed)
    {
        if (_commands.HasHeld)
        {
            RunReadCommands();
        }
        else
        {
            FlushIf(changed);
        }
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
        public static readonly WriteAck Instance = new();
    }

    private sealed class AuthDelayElapsed
    {
        public static readonly AuthDelayElapsed Instance = new();
    }

    /// <summary>A query's answer is overdue (its question or answer was lost).</summary>
    private sealed record QueryTimedOut(long RequestId);

    /// <summary>A MAXRATE feed has a message whose key's interval has passed.</summary>
    private sealed class RateLimitDue
    {
        public static readonly RateLimitDue Instance = new();
    }
}

using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Broker.Rooms.Ordering;
using ActorRooms.Broker.Stats;
using Akka.Actor;
using Akka.Event;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// The single owner of one room's state on this node, as an actor: its mailbox, its members' death watch and its
/// idle lifecycle. The work is done by plain classes it calls in the same turn: <see cref="RoomMembers"/> keeps the
/// channel, pattern and ROOM.JOIN members and fans each batch out to them (encoded once per protocol in use, one
/// actor message per member per batch); the <see cref="IRoomOrdering"/> chosen when the room starts orders its
/// messages — <see cref="LocalOrdering"/> on a single node (the room owns the ledger),
/// <see cref="ClusterOrdering"/> in a cluster (the room's sharded owner orders, and the room follows it with a
/// copy of its ledger). The ROOM.* features are in RoomActor.Features.cs.
/// A node holds one room actor per room, up to millions (issue 20), so what each one costs is kept small: it is an
/// <see cref="UntypedActor"/> whose handlers are one switch (a <see cref="ReceiveActor"/> keeps a delegate per
/// handler and its match tables in every instance: about 1.3 KB per room, measured in docs/benchmarks.md), its
/// timers (<see cref="RoomTimers"/>) hold nothing while none runs, its logger is made on first use, and it runs on
/// the small <see cref="RoomMailbox"/> when the system configures it.
/// </summary>
public sealed partial class RoomActor : UntypedActor
{
    private readonly string _room;
    private readonly TimeSpan _idleStopAfter;
    private readonly RoomFeatureSettings _features;
    private readonly RoomMembers _members;
    private readonly RoomActivity _activity = new();
    private readonly IRoomOrdering _ordering;
    private readonly RoomTimers _timers;
    private ILoggingAdapter? _log;

    public RoomActor(string room, IReadOnlyList<PatternMembership> patterns, RoomStartSettings start)
    {
        _room = room;
        _features = start.Features;
        _idleStopAfter = start.IdleStopAfter;
        var (counters, cluster) = (start.Counters, start.Cluster);
        _members = new RoomMembers(room, Self);
        _timers = new RoomTimers(Context);
        foreach (var membership in patterns)
        {
            AddPattern(membership);
        }

        _ordering = cluster is null
            ? new LocalOrdering(_features, _members, _activity, counters, Context)
            : new ClusterOrdering(room, cluster, _features, _members, _activity, counters, Log, Context, _timers);
    }

    private ILoggingAdapter Log => _log ??= Context.GetLogger();

    /// <summary>Props for a room; the registry is its parent. <paramref name="cluster"/> is null on a single node.</summary>
    public static Props Props(string room, TimeSpan idleStopAfter, IReadOnlyList<PatternMembership> patterns, BrokerCounters counters, RoomFeatureSettings? features = null, RoomClusterLink? cluster = null) =>
        Props(room, patterns, new RoomStartSettings(idleStopAfter, counters, features ?? RoomFeatureSettings.Default, cluster, Akka.Actor.Props.Empty.Deploy));

    /// <summary>
    /// Props for a room started by the registry: everything but the name and the matching patterns is shared by every
    /// room (<paramref name="start"/>, with its deployment), so a room's props hold three references.
    /// </summary>
    public static Props Props(string room, IReadOnlyList<PatternMembership> patterns, RoomStartSettings start) =>
        new(start.Deploy, typeof(RoomActor), room, patterns, start);

    protected override void OnReceive(object message)
    {
        if (_timers.TryUnwrap(message, out var fromTimer))
        {
            if (fromTimer is null)
            {
                return;
            }

            message = fromTimer;
        }

        if (_ordering.Handle(message, Sender))
        {
            return;
        }

        switch (message)
        {
            case JoinRoom join:
                Join(join);
                break;
            case LeaveRoom leave:
                Leave(leave);
                break;
            case AddPatternMember add:
                AddPatternMember(add);
                break;
            case RemovePatternMember remove:
                RemovePatternMember(remove);
                break;
            case ReplacePatterns replace:
                Replace(replace);
                break;
            case Terminated terminated:
                MemberTerminated(terminated);
                break;
            case IdleCheck:
                CheckIdle();
                break;
            case StopRoom:
                StopIfStillIdle();
                break;
            default:
                if (!ReceiveRoomFeature(message))
                {
                    Unhandled(message);
                }

                break;
        }
    }

    protected override void PreStart() => UpdateIdleTimer();

    protected override void PostStop()
    {
        _timers.CancelAll();
        _ordering.Stopped();
    }

    private void Join(JoinRoom join)
    {
        var member = Sender;
        if (_members.JoinChannel(member, join.Protocol))
        {
            Context.Watch(member);
            MembersChanged();
        }

        _ordering.Confirm(member, new RoomJoined(join.RequestId, _room));
    }

    private void Leave(LeaveRoom leave)
    {
        if (_members.LeaveChannel(Sender))
        {
            UnwatchIfUnknown(Sender);
            MembersChanged();
        }

        _ordering.Confirm(Sender, new RoomLeft(leave.RequestId));
    }

    private void AddPatternMember(AddPatternMember add)
    {
        AddPattern(new PatternMembership(add.Pattern, add.Member, add.Protocol));
        add.Member.Tell(new PatternMembershipConfirmed(add.RequestId), Self);
    }

    private void AddPattern(PatternMembership membership)
    {
        _members.Patterns.Add(membership);
        Context.Watch(membership.Member);
    }

    private void RemovePatternMember(RemovePatternMember remove)
    {
        if (_members.Patterns.Remove(remove.Pattern, remove.Member))
        {
            UnwatchIfUnknown(remove.Member);
        }

        if (remove.RequestId != 0)
        {
            remove.Member.Tell(new PatternMembershipConfirmed(remove.RequestId), Self);
        }
    }

    private void Replace(ReplacePatterns replace)
    {
        foreach (var member in _members.PatternCount > 0 ? _members.Patterns.DistinctMembers() : [])
        {
            UnwatchIfUnknown(member, ignorePatterns: true);
        }

        _members.ClearPatterns();
        foreach (var membership in replace.Patterns)
        {
            AddPattern(membership);
        }
    }

    private void MemberTerminated(Terminated terminated)
    {
        if (_ordering.Terminated(terminated.ActorRef))
        {
            return;
        }

        if (_members.RemoveEverywhere(terminated.ActorRef))
        {
            MembersChanged();
        }
    }

    // Keeps watching an actor that is still a member of any kind; otherwise stops watching it.
    private void UnwatchIfUnknown(IActorRef actor, bool ignorePatterns = false)
    {
        if (!_members.Knows(actor, ignorePatterns))
        {
            Context.Unwatch(actor);
        }
    }

    private void MembersChanged()
    {
        Context.Parent.Tell(new RoomMembersChanged(_room, _members.ChannelCount));
        _ordering.MembersChanged();
        if (_activity.Revived(_members.HasMembers))
        {
            Context.Parent.Tell(new RoomRevived(_room));
        }

        UpdateIdleTimer();
    }

    private void UpdateIdleTimer()
    {
        if (_members.HasMembers)
        {
            _timers.Cancel(IdleCheck.Instance);
        }
        else if (!_timers.IsActive(IdleCheck.Instance))
        {
            _activity.TimerStarted();
            _timers.StartPeriodic(IdleCheck.Instance, IdleCheck.Instance, _idleStopAfter);
        }
    }

    private void CheckIdle()
    {
        if (_activity.Check(_members.HasMembers))
        {
            Context.Parent.Tell(new RoomIdle(_room));
        }
    }

    private void StopIfStillIdle()
    {
        if (!_members.HasMembers && Context.GetChildren().Any())
        {
            // A ROOM.MEMBERS, ROOM.INFO or ROOM.LAST is still being gathered by a child, which would stop with the room
            // and leave its asker waiting: the room stays (the registry releases what it held) and offers again later.
            _activity.Stayed();
            Context.Parent.Tell(new RoomRevived(_room));
            return;
        }

        if (!_members.HasMembers)
        {
            Log.Debug("Room {0} stops: no members and no publish for {1}", _room, _idleStopAfter);
            Context.Stop(Self);
            return;
        }

        // A member joined between RoomIdle and StopRoom; MembersChanged has already told the registry.
        _activity.Stayed();
    }

    private sealed class IdleCheck
    {
        public static IdleCheck Instance { get; } = new();

        private IdleCheck()
        {
        }
    }
}

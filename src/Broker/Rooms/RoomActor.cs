using System.Text;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Stats;
using ActorRooms.Messages.Resp;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// The single owner of one room's state on this node: its channel members, the pattern subscriptions that match its
/// name, and its idle lifecycle. A publish batch is encoded once per protocol version in use and the same immutable
/// buffer goes to every member, so fan-out costs one actor message per member per batch, not per message.
/// On a single node it is also the room's owner: it orders every batch in its <see cref="RoomLedger"/> and serves the
/// ROOM.* features (RoomActor.Features.cs). In cluster mode (a <see cref="RoomClusterLink"/>) it sends its
/// publishers' batches to the room's owner instead (RoomActor.ClusterMode.cs) and, while it has members, follows the
/// owner, which sends it every ordered batch (RoomActor.ClusterFollower.cs).
/// </summary>
public sealed partial class RoomActor : ReceiveActor, IWithTimers
{
    private readonly string _room;
    private readonly byte[] _roomBytes;
    private readonly TimeSpan _idleStopAfter;
    private readonly BrokerCounters _counters;
    private readonly RoomFeatureSettings _features;
    private RoomLedger _ledger;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, RespProtocol> _members = [];
    private readonly Dictionary<string, PatternMembers> _patterns = [];
    private readonly int[] _membersByProtocol = new int[4];
    private byte[]? _messagePrefix2;
    private byte[]? _messagePrefix3;
    private bool _publishedSinceIdleCheck;
    private bool _offeredToStop;

    public RoomActor(string room, TimeSpan idleStopAfter, IReadOnlyList<PatternMembership> patterns, BrokerCounters counters, RoomFeatureSettings? features = null, RoomClusterLink? cluster = null)
    {
        _room = room;
        _cluster = cluster;
        _features = features ?? RoomFeatureSettings.Default;
        _ledger = new RoomLedger(_features);
        _roomBytes = Encoding.Latin1.GetBytes(room);
        _idleStopAfter = idleStopAfter;
        _counters = counters;
        foreach (var membership in patterns)
        {
            AddPattern(membership);
        }

        if (cluster is null)
        {
            Receive<PublishBatch>(Publish);
        }
        else
        {
            ReceiveClusterMessages();
        }

        Receive<JoinRoom>(Join);
        Receive<LeaveRoom>(Leave);
        Receive<AddPatternMember>(AddPatternMember);
        Receive<RemovePatternMember>(RemovePatternMember);
        Receive<ReplacePatterns>(Replace);
        Receive<Terminated>(MemberTerminated);
        Receive<IdleCheck>(_ => CheckIdle());
        Receive<StopRoom>(_ => StopIfStillIdle());
        ReceiveRoomFeatures();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for a room; the registry is its parent. <paramref name="cluster"/> is null on a single node.</summary>
    public static Props Props(string room, TimeSpan idleStopAfter, IReadOnlyList<PatternMembership> patterns, BrokerCounters counters, RoomFeatureSettings? features = null, RoomClusterLink? cluster = null) =>
        Akka.Actor.Props.Create(() => new RoomActor(room, idleStopAfter, patterns, counters, features, cluster));

    protected override void PreStart() => UpdateIdleTimer();

    private void Publish(PublishBatch batch)
    {
        _publishedSinceIdleCheck = true;
        var orderedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var entries = _ledger.Append(batch.Payloads, batch.Keys, orderedAtMs);
        var (receivers, own) = FanOut(batch.Payloads, Sender, toMembers: true, toPatterns: true);
        receivers += DeliverToFeedMembers(entries);
        _ledger.Delivered(batch.Payloads.Count, receivers, orderedAtMs);
        _counters.Published(batch.Payloads.Count, receivers);
        Sender.Tell(new BatchPublished(batch.RequestId, receivers, own), Self);
    }

    /// <summary>
    /// Sends <paramref name="payloads"/> to the channel members and/or the pattern members, except that the
    /// publisher's own copies (when it is a member) are returned for its acknowledgement. Returns how many
    /// subscriptions the messages reached (PUBLISH's reply).
    /// </summary>
    private (int Receivers, List<OwnFrames>? Own) FanOut(IReadOnlyList<ReadOnlyMemory<byte>> payloads, IActorRef publisher, bool toMembers, bool toPatterns)
    {
        List<OwnFrames>? own = null;
        var receivers = 0;
        if (toMembers && _members.Count > 0)
        {
            receivers = _members.Count;
            var resp2 = _membersByProtocol[(int)RespProtocol.Resp2] > 0 ? Encode(MessagePrefix(RespProtocol.Resp2), payloads) : null;
            var resp3 = _membersByProtocol[(int)RespProtocol.Resp3] > 0 ? Encode(MessagePrefix(RespProtocol.Resp3), payloads) : null;
            foreach (var (member, protocol) in _members)
            {
                var delivery = protocol == RespProtocol.Resp3 ? resp3! : resp2!;
                if (member.Equals(publisher))
                {
                    (own ??= []).Add(new OwnFrames(null, delivery.Frames));
                }
                else
                {
                    member.Tell(delivery, Self);
                }
            }
        }

        if (toPatterns)
        {
            foreach (var (pattern, members) in _patterns)
            {
                receivers += members.Count;
                if (members.Deliver(pattern, _roomBytes, payloads, publisher, Self) is { } ownPatternFrames)
                {
                    (own ??= []).Add(new OwnFrames(pattern, ownPatternFrames));
                }
            }
        }

        return (receivers, own);
    }

    private RoomDelivery Encode(byte[] prefix, IReadOnlyList<ReadOnlyMemory<byte>> payloads) =>
        new(_room, PubSubFrames.EncodeBatch(prefix, payloads), payloads.Count);

    private byte[] MessagePrefix(RespProtocol protocol) => protocol == RespProtocol.Resp3
        ? _messagePrefix3 ??= PubSubFrames.MessagePrefix(_roomBytes, RespProtocol.Resp3)
        : _messagePrefix2 ??= PubSubFrames.MessagePrefix(_roomBytes, RespProtocol.Resp2);

    private void Join(JoinRoom join)
    {
        var member = Sender;
        var isNew = !_members.TryGetValue(member, out var previous);
        if (isNew)
        {
            Context.Watch(member);
        }
        else
        {
            _membersByProtocol[(int)previous]--;
        }

        _members[member] = join.Protocol;
        _membersByProtocol[(int)join.Protocol]++;
        if (isNew)
        {
            MembersChanged();
        }

        Confirm(member, new RoomJoined(join.RequestId, _room));
    }

    private void Leave(LeaveRoom leave)
    {
        if (RemoveMember(Sender))
        {
            UnwatchIfUnknown(Sender);
            MembersChanged();
        }

        Confirm(Sender, new RoomLeft(leave.RequestId));
    }

    private bool RemoveMember(IActorRef member)
    {
        if (!_members.Remove(member, out var protocol))
        {
            return false;
        }

        _membersByProtocol[(int)protocol]--;
        return true;
    }

    private void AddPatternMember(AddPatternMember add)
    {
        AddPattern(new PatternMembership(add.Pattern, add.Member, add.Protocol));
        add.Member.Tell(new PatternMembershipConfirmed(add.RequestId), Self);
    }

    private void AddPattern(PatternMembership membership)
    {
        if (!_patterns.TryGetValue(membership.Pattern, out var members))
        {
            members = new PatternMembers(Encoding.Latin1.GetBytes(membership.Pattern));
            _patterns.Add(membership.Pattern, members);
        }

        members.Set(membership.Member, membership.Protocol);
        Context.Watch(membership.Member);
    }

    private void RemovePatternMember(RemovePatternMember remove)
    {
        if (_patterns.TryGetValue(remove.Pattern, out var members) && members.Remove(remove.Member))
        {
            if (members.Count == 0)
            {
                _patterns.Remove(remove.Pattern);
            }

            UnwatchIfUnknown(remove.Member);
        }

        if (remove.RequestId != 0)
        {
            remove.Member.Tell(new PatternMembershipConfirmed(remove.RequestId), Self);
        }
    }

    private void Replace(ReplacePatterns replace)
    {
        foreach (var member in _patterns.Values.SelectMany(p => p.Members).Distinct().ToList())
        {
            UnwatchIfUnknown(member, ignorePatterns: true);
        }

        _patterns.Clear();
        foreach (var membership in replace.Patterns)
        {
            AddPattern(membership);
        }
    }

    private void MemberTerminated(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_owner))
        {
            OwnerTerminated(terminated.ActorRef);
            return;
        }

        var changed = RemoveMember(terminated.ActorRef);
        foreach (var (pattern, members) in _patterns.ToList())
        {
            if (members.Remove(terminated.ActorRef) && members.Count == 0)
            {
                _patterns.Remove(pattern);
            }
        }

        changed |= RemoveFeedMember(terminated.ActorRef);
        if (changed)
        {
            MembersChanged();
        }
    }

    // Keeps watching an actor that is still a channel member or a pattern member; otherwise stops watching it.
    private void UnwatchIfUnknown(IActorRef actor, bool ignorePatterns = false)
    {
        if (_members.ContainsKey(actor) || _feedMembers.ContainsKey(actor) || (!ignorePatterns && _patterns.Values.Any(p => p.Contains(actor))))
        {
            return;
        }

        Context.Unwatch(actor);
    }

    private void MembersChanged()
    {
        Context.Parent.Tell(new RoomMembersChanged(_room, _members.Count));
        FollowOwner();
        if (_offeredToStop && HasMembers)
        {
            _offeredToStop = false;
            Context.Parent.Tell(new RoomRevived(_room));
        }

        UpdateIdleTimer();
    }

    private void UpdateIdleTimer()
    {
        if (!HasMembers)
        {
            if (!Timers.IsTimerActive(IdleCheck.Instance))
            {
                _publishedSinceIdleCheck = false;
                Timers.StartPeriodicTimer(IdleCheck.Instance, IdleCheck.Instance, _idleStopAfter);
            }
        }
        else
        {
            Timers.Cancel(IdleCheck.Instance);
        }
    }

    private void CheckIdle()
    {
        if (!HasMembers && !_publishedSinceIdleCheck && !_offeredToStop)
        {
            _offeredToStop = true;
            Context.Parent.Tell(new RoomIdle(_room));
        }

        _publishedSinceIdleCheck = false;
    }

    private void StopIfStillIdle()
    {
        if (!HasMembers)
        {
            _log.Debug("Room {0} stops: no members and no publish for {1}", _room, _idleStopAfter);
            Context.Stop(Self);
            return;
        }

        // A member joined between RoomIdle and StopRoom; MembersChanged has already told the registry.
        _offeredToStop = false;
    }

    /// <summary>The members of one pattern in this room, with the pattern's encoded frame heads.</summary>
    private sealed class PatternMembers(byte[] pattern)
    {
        private readonly Dictionary<IActorRef, RespProtocol> _members = [];
        private byte[]? _prefix2;
        private byte[]? _prefix3;
        private int _resp3Count;

        public int Count => _members.Count;

        public IEnumerable<IActorRef> Members => _members.Keys;

        public bool Contains(IActorRef member) => _members.ContainsKey(member);

        public void Set(IActorRef member, RespProtocol protocol)
        {
            if (_members.TryGetValue(member, out var previous) && previous == RespProtocol.Resp3)
            {
                _resp3Count--;
            }

            _members[member] = protocol;
            if (protocol == RespProtocol.Resp3)
            {
                _resp3Count++;
            }
        }

        public bool Remove(IActorRef member)
        {
            if (!_members.Remove(member, out var protocol))
            {
                return false;
            }

            if (protocol == RespProtocol.Resp3)
            {
                _resp3Count--;
            }

            return true;
        }

        /// <summary>Sends every member but the publisher its frames; returns the publisher's own frames when it is a member.</summary>
        public ByteString? Deliver(string patternName, byte[] room, IReadOnlyList<ReadOnlyMemory<byte>> payloads, IActorRef publisher, IActorRef self)
        {
            var resp2 = _members.Count > _resp3Count
                ? new PatternDelivery(patternName, PubSubFrames.EncodeBatch(_prefix2 ??= PubSubFrames.PatternMessagePrefix(pattern, room, RespProtocol.Resp2), payloads), payloads.Count)
                : null;
            var resp3 = _resp3Count > 0
                ? new PatternDelivery(patternName, PubSubFrames.EncodeBatch(_prefix3 ??= PubSubFrames.PatternMessagePrefix(pattern, room, RespProtocol.Resp3), payloads), payloads.Count)
                : null;
            ByteString? own = null;
            foreach (var (member, protocol) in _members)
            {
                var delivery = protocol == RespProtocol.Resp3 ? resp3! : resp2!;
                if (member.Equals(publisher))
                {
                    own = delivery.Frames;
                }
                else
                {
                    member.Tell(delivery, self);
                }
            }

            return own;
        }
    }

    private sealed class IdleCheck
    {
        public static IdleCheck Instance { get; } = new();

        private IdleCheck()
        {
        }
    }
}

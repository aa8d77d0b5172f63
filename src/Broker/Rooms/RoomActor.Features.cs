using System.Buffers;
using System.Diagnostics;
using ActorRooms.Messages.Resp;
using Akka.Actor;
using Akka.IO;
using HdrHistogram;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// The room features of the room's owner: feed members (ROOM.JOIN) with their snapshot or replay served in the
/// turn that adds them, the per-batch <c>roommsg</c> fan-out (encoded once per protocol, one actor message per member
/// per batch), presence notices, and the questions ROOM.LAST, ROOM.MEMBERS and ROOM.INFO.
/// </summary>
public sealed partial class RoomActor
{
    private readonly Dictionary<IActorRef, FeedMember> _feedMembers = [];
    private readonly int[] _feedMembersByProtocol = new int[4];
    private readonly Dictionary<long, MemberQuery> _memberQueries = [];
    private byte[]? _feedPrefix2;
    private byte[]? _feedPrefix3;
    private long _nextQueryId;

    private bool HasMembers => _members.Count > 0 || _feedMembers.Count > 0;

    private void ReceiveRoomFeatures()
    {
        Receive<JoinRoomFeed>(JoinFeed);
        Receive<LeaveRoomFeed>(leave =>
        {
            if (RemoveFeedMember(Sender))
            {
                UnwatchIfUnknown(Sender);
                MembersChanged();
            }

            Confirm(Sender, new RoomLeft(leave.RequestId));
        });
        Receive<QueryRoomLast>(AnswerLast);
        Receive<QueryRoomMembers>(query => AskMembers(query.RequestId, forInfo: false));
        Receive<QueryRoomInfo>(query => AskMembers(query.RequestId, forInfo: true));
        Receive<RoomMemberDescribed>(OnMemberDescribed);
        Receive<MemberQueryTimedOut>(timedOut =>
        {
            if (_memberQueries.Remove(timedOut.QueryId, out var query))
            {
                Answer(query);
            }
        });
    }

    /// <summary>Sends each feed member this batch's frames in its protocol; returns how many feed members there are.</summary>
    private int DeliverToFeedMembers(RoomEntry[] entries)
    {
        if (_feedMembers.Count == 0)
        {
            return 0;
        }

        var orderedAt = Stopwatch.GetTimestamp();
        var resp2 = _feedMembersByProtocol[(int)RespProtocol.Resp2] > 0 ? FeedDelivery(RespProtocol.Resp2, entries, orderedAt) : null;
        var resp3 = _feedMembersByProtocol[(int)RespProtocol.Resp3] > 0 ? FeedDelivery(RespProtocol.Resp3, entries, orderedAt) : null;
        foreach (var (member, feed) in _feedMembers)
        {
            member.Tell(feed.Protocol == RespProtocol.Resp3 ? resp3! : resp2!, Self);
        }

        return _feedMembers.Count;
    }

    private RoomFeedDelivery FeedDelivery(RespProtocol protocol, RoomEntry[] entries, long orderedAt) =>
        new(_room, _ledger.Epoch, RoomFrames.EncodeMessages(FeedPrefix(protocol), _ledger.Epoch, entries, protocol), entries, orderedAt);

    private byte[] FeedPrefix(RespProtocol protocol) => protocol == RespProtocol.Resp3
        ? _feedPrefix3 ??= RoomFrames.MessagePrefix(_roomBytes, RespProtocol.Resp3)
        : _feedPrefix2 ??= RoomFrames.MessagePrefix(_roomBytes, RespProtocol.Resp2);

    /// <summary>
    /// Adds (or updates) a feed member and, in this same turn, writes what it asked to see first: a reset notice
    /// after a lost room, then the snapshot (last value per key, then the <c>roomsnapshot</c> marker) or the replay
    /// (a <c>roomexhausted</c> notice when the history no longer reaches back, then the history). Every batch after
    /// this turn reaches it live, so there is neither gap nor duplicate between the two.
    /// </summary>
    private void JoinFeed(JoinRoomFeed join)
    {
        if (HoldUntilFollowing(join))
        {
            return;
        }

        var member = Sender;
        var isNew = !_feedMembers.TryGetValue(member, out var previous);
        if (isNew)
        {
            Context.Watch(member);
        }
        else
        {
            _feedMembersByProtocol[(int)previous!.Protocol]--;
        }

        _feedMembers[member] = new FeedMember(join.Protocol, join.ClientId, join.ClientName, join.Options.Presence);
        _feedMembersByProtocol[(int)join.Protocol]++;

        var preamble = new ArrayBufferWriter<byte>();
        var epoch = _ledger.Epoch;
        if (join.AfterRoomLoss)
        {
            RoomFrames.WriteReset(preamble, _roomBytes, epoch, _ledger.LastSeq, join.Protocol);
        }

        var prefix = FeedPrefix(join.Protocol);
        if (join.Options.Snapshot)
        {
            var values = _ledger.LastValues();
            RoomFrames.WriteMessages(preamble, prefix, epoch, values, join.Protocol);
            RoomFrames.WriteSnapshotEnd(preamble, _roomBytes, epoch, _ledger.LastSeq, values.Count, join.Protocol);
        }
        else if (join.Options.From is not null || join.Options.Last is not null)
        {
            var replay = join.Options.From is { } from ? _ledger.Replay(from) : _ledger.ReplayLast(join.Options.Last!.Value);
            if (replay.ExhaustedOldest is { } oldest)
            {
                RoomFrames.WriteExhausted(preamble, _roomBytes, epoch, replay.RequestedFrom, oldest, join.Protocol);
            }

            RoomFrames.WriteMessages(preamble, prefix, epoch, replay.Entries, join.Protocol);
        }

        member.Tell(new RoomFeedJoined(join.RequestId, _room, epoch, _ledger.LastSeq, ByteString.FromBytes(preamble.WrittenSpan.ToArray())), Self);
        if (isNew)
        {
            TellPresence(member, joined: true, _feedMembers[member]);
            MembersChanged();
        }
    }

    private bool RemoveFeedMember(IActorRef member)
    {
        if (!_feedMembers.Remove(member, out var feed))
        {
            return false;
        }

        _feedMembersByProtocol[(int)feed.Protocol]--;
        TellPresence(member, joined: false, feed);
        return true;
    }

    /// <summary>Tells every other feed member that asked for presence that <paramref name="subject"/> came or went.</summary>
    private void TellPresence(IActorRef subject, bool joined, FeedMember about)
    {
        ByteString? resp2 = null;
        ByteString? resp3 = null;
        foreach (var (member, feed) in _feedMembers)
        {
            if (!feed.Presence || member.Equals(subject))
            {
                continue;
            }

            var frame = feed.Protocol == RespProtocol.Resp3
                ? resp3 ??= PresenceFrame(joined, about, RespProtocol.Resp3)
                : resp2 ??= PresenceFrame(joined, about, RespProtocol.Resp2);
            member.Tell(new RoomFeedNotice(_room, frame), Self);
        }
    }

    private ByteString PresenceFrame(bool joined, FeedMember about, RespProtocol protocol)
    {
        var writer = new ArrayBufferWriter<byte>();
        RoomFrames.WritePresence(writer, joined, _roomBytes, about.ClientId, about.ClientName, _feedMembers.Count, protocol);
        return ByteString.FromBytes(writer.WrittenSpan.ToArray());
    }

    private void AnswerLast(QueryRoomLast query)
    {
        IReadOnlyList<RoomEntry> values = query.Key is null
            ? _ledger.LastValues()
            : _ledger.TryGetLastValue(query.Key, out var entry) ? [entry] : [];
        Sender.Tell(new RoomLastAnswered(query.RequestId, _ledger.Epoch, _ledger.LastSeq, values), Self);
    }

    /// <summary>
    /// Asks every channel and feed member to describe itself and answers when all have, or when the info timeout
    /// passes (a member that is gone or busy does not hold the answer back).
    /// </summary>
    private void AskMembers(long requestId, bool forInfo)
    {
        var members = _members.Keys.Concat(_feedMembers.Keys).Distinct().ToList();
        var query = new MemberQuery(++_nextQueryId, requestId, Sender, forInfo, members.Count);
        if (members.Count == 0)
        {
            Answer(query);
            return;
        }

        _memberQueries.Add(query.QueryId, query);
        foreach (var member in members)
        {
            member.Tell(new DescribeRoomMember(query.QueryId, _room), Self);
        }

        Timers.StartSingleTimer(new MemberQueryTimedOut(query.QueryId), new MemberQueryTimedOut(query.QueryId), _features.InfoTimeout);
    }

    private void OnMemberDescribed(RoomMemberDescribed described)
    {
        if (!_memberQueries.TryGetValue(described.QueryId, out var query))
        {
            return;
        }

        query.States.Add(described.State);
        if (query.States.Count >= query.Asked)
        {
            _memberQueries.Remove(described.QueryId);
            Timers.Cancel(new MemberQueryTimedOut(described.QueryId));
            Answer(query);
        }
    }

    private void Answer(MemberQuery query)
    {
        var states = query.States.OrderBy(s => s.ClientId).ToList();
        if (!query.ForInfo)
        {
            query.Asker.Tell(new RoomMembersAnswered(query.RequestId, states), Self);
            return;
        }

        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var info = new RoomInfo(
            _room,
            _ledger.Epoch,
            _ledger.LastSeq,
            _ledger.OldestSeq,
            _members.Count,
            _feedMembers.Count,
            _patterns.Values.Sum(p => p.Count),
            _ledger.Telemetry(nowMs),
            query.Asked,
            states,
            MergedLatency(states));
        query.Asker.Tell(new RoomInfoAnswered(query.RequestId, info), Self);
    }

    private static Dictionary<string, long>? MergedLatency(IEnumerable<RoomMemberState> states)
    {
        HistogramBase? merged = null;
        foreach (var feed in states.Select(s => s.Feed).OfType<RoomFeedState>())
        {
            if (feed.Latency.TotalCount == 0)
            {
                continue;
            }

            if (merged is null)
            {
                merged = feed.Latency.Copy();
            }
            else
            {
                merged.Add(feed.Latency);
            }
        }

        if (merged is null)
        {
            return null;
        }

        return new Dictionary<string, long>
        {
            ["p50"] = merged.GetValueAtPercentile(50),
            ["p90"] = merged.GetValueAtPercentile(90),
            ["p99"] = merged.GetValueAtPercentile(99),
            ["p999"] = merged.GetValueAtPercentile(99.9),
            ["max"] = merged.GetMaxValue(),
        };
    }

    /// <summary>A feed member: the protocol its frames are encoded in, who it is (for presence) and whether it wants presence notices.</summary>
    private sealed record FeedMember(RespProtocol Protocol, long ClientId, string? ClientName, bool Presence);

    /// <summary>A ROOM.MEMBERS or ROOM.INFO waiting for its members' descriptions.</summary>
    private sealed class MemberQuery(long queryId, long requestId, IActorRef asker, bool forInfo, int asked)
    {
        public long QueryId { get; } = queryId;

        public long RequestId { get; } = requestId;

        public IActorRef Asker { get; } = asker;

        public bool ForInfo { get; } = forInfo;

        public int Asked { get; } = asked;

        public List<RoomMemberState> States { get; } = [];
    }

    private sealed record MemberQueryTimedOut(long QueryId);
}

using System.Buffers;
using System.Diagnostics;
using System.Text;
using ActorRooms.Broker.Commands;
using ActorRooms.Broker.Rooms;
using ActorRooms.Messages.Resp;
using Akka.Actor;
using Akka.IO;

namespace ActorRooms.Broker.Network;

/// <summary>
/// The ROOM.* commands and this connection's room feeds (docs/protocol.md, "Room features"): ROOM.PUBLISH joins the
/// publish batches; ROOM.JOIN feeds take each batch as the room's pre-encoded frames while the output keeps up, and
/// apply their policy (drop-oldest, conflate) and MAXRATE from the batch's entries otherwise. Plain SUBSCRIBE
/// deliveries never pass through here.
/// </summary>
public sealed partial class ClientConnectionActor
{
    private readonly Dictionary<string, RoomFeed> _roomFeeds = [];
    private readonly HashSet<RoomFeed> _roomFeedsBehind = [];
    private readonly Dictionary<long, RoomJoinReply> _roomJoinReplies = [];

    private void ReceiveRoomFeatureMessages()
    {
        Receive<RoomFeedDelivery>(OnRoomFeedDelivery);
        Receive<RoomFeedNotice>(notice =>
        {
            if (!_slowConsumer && _roomFeeds.TryGetValue(notice.Room, out var feed))
            {
                EmitFrames(feed, notice.Frame);
                Flush();
            }
        });
        Receive<RoomFeedJoined>(OnRoomFeedJoined);
        Receive<DescribeRoomMember>(describe => Sender.Tell(new RoomMemberDescribed(
            describe.QueryId,
            new RoomMemberState(_id, _name, _channels.Contains(describe.Room), _roomFeeds.GetValueOrDefault(describe.Room)?.State(), _outbound.HeldBytes))));
        Receive<RoomLastAnswered>(answer => AnswerQuery(answer.RequestId, w => WriteLast(w, answer)));
        Receive<RoomMembersAnswered>(answer => AnswerQuery(answer.RequestId, w => WriteMembers(w, answer.Members)));
        Receive<RoomInfoAnswered>(answer => AnswerQuery(answer.RequestId, w => WriteInfo(w, answer.Info)));
        Receive<RoomNotFound>(notFound => AnswerQuery(notFound.RequestId, (question, w) =>
        {
            if (question is QueryRoomMembers)
            {
                WriteMembers(w, []);
            }
            else
            {
                RespWriter.Null(w, _protocol);
            }
        }));
        Receive<RoomsListed>(listed => AnswerQuery(listed.RequestId, w =>
        {
            // Only the rooms this user may subscribe to: a room's name is itself information.
            var visible = _permissions.AllowsEverything ? listed.Rooms : listed.Rooms.Where(r => _permissions.CanSubscribe(r)).ToList();
            RespWriter.ArrayHeader(w, visible.Count);
            foreach (var room in visible)
            {
                RespWriter.BulkString(w, Encoding.Latin1.GetBytes(room));
            }
        }));
        Receive<RateLimitDue>(_ => ReleaseRateLimited());
    }

    private void RoomCommand(CommandSpec command)
    {
        var requestId = ++_nextRequestId;
        switch (command.Name)
        {
            case "room.publish":
                RoomPublish();
                break;
            case "room.join":
                RoomJoin();
                break;
            case "room.leave":
                RoomLeave();
                break;
            case "room.last":
                if (_arguments.Count != 2 && !(_arguments.Count == 4 && IsWord(2, "KEY")))
                {
                    Error(ErrorReplies.Syntax);
                    return;
                }

                Ask(new QueryRoomLast(requestId, Text(1), _arguments.Count == 4 ? Text(3) : null), _rooms, requestId);
                break;
            case "room.members":
                Ask(new QueryRoomMembers(requestId, Text(1)), _rooms, requestId);
                break;
            case "room.info":
                Ask(new QueryRoomInfo(requestId, Text(1)), _rooms, requestId);
                break;
            default:
                if (_arguments.Count > 2)
                {
                    Error(ErrorReplies.Syntax);
                    return;
                }

                Ask(new ListRooms(requestId, _arguments.Count == 2 ? Text(1) : null), _rooms, requestId);
                break;
        }
    }

    // ROOM.PUBLISH room payload [KEY k]: one more message of the room's batch of this read, in order with PUBLISHes.
    private void RoomPublish()
    {
        string? key = null;
        if (_arguments.Count == 5 && IsWord(3, "KEY"))
        {
            key = Text(4);
        }
        else if (_arguments.Count != 3)
        {
            Error(ErrorReplies.Syntax);
            return;
        }

        AddToBatch(_arguments[1], _arguments[2], key, roomPublish: true);
    }

    // ROOM.JOIN room [SNAPSHOT] [FROM seq | LAST n] [POLICY disconnect|drop-oldest|conflate] [MAXRATE n] [PRESENCE]
    private void RoomJoin()
    {
        if (ParseJoin() is not var (options, policy, maxRate))
        {
            return;
        }

        var room = Text(1);
        if (!_roomFeeds.ContainsKey(room) && SubscriptionCount + 1 > _settings.MaxSubscriptions)
        {
            Error($"ERR max subscriptions per connection reached ({_settings.MaxSubscriptions})");
            return;
        }

        // Earlier publishes of this read reach the room first, as they would for SUBSCRIBE.
        SendPublishBatches();
        if (_roomFeeds.Remove(room, out var replaced))
        {
            ForgetFeed(replaced);
        }

        var feed = new RoomFeed(room, policy, maxRate, options);
        _roomFeeds.Add(room, feed);
        var requestId = ++_nextRequestId;
        feed.JoinRequestId = requestId;
        var reply = new RoomJoinReply(feed, SubscriptionCount, _protocol, _suppressReply);
        _roomJoinReplies.Add(requestId, reply);
        _replies.Add(reply);
        SendToRoom(new JoinRoomFeed(requestId, room, _protocol, options, _id, _name), null, null);
    }

    private (RoomJoinOptions Options, RoomMemberPolicy Policy, int MaxRate)? ParseJoin()
    {
        var snapshot = false;
        var presence = false;
        long? from = null;
        long? last = null;
        var policy = RoomMemberPolicy.Disconnect;
        var maxRate = 0;
        for (var i = 2; i < _arguments.Count; i++)
        {
            var option = Text(i).ToUpperInvariant();
            var hasValue = i + 1 < _arguments.Count;
            switch (option)
            {
                case "SNAPSHOT":
                    snapshot = true;
                    break;
                case "PRESENCE":
                    presence = true;
                    break;
                case "FROM" or "LAST" when hasValue:
                    if (!RedisInteger.TryParse(_arguments[++i].Span, out var number) || number < 0)
                    {
                        Error("ERR value is not an integer or out of range");
                        return null;
                    }

                    (option == "FROM" ? ref from : ref last) = number;
                    break;
                case "POLICY" when hasValue:
                    var policyName = Text(++i).ToLowerInvariant();
                    RoomMemberPolicy? parsed = policyName switch
                    {
                        "disconnect" => RoomMemberPolicy.Disconnect,
                        "drop-oldest" => RoomMemberPolicy.DropOldest,
                        "conflate" => RoomMemberPolicy.Conflate,
                        _ => null,
                    };
                    if (parsed is null)
                    {
                        Error($"ERR unknown policy '{Text(i)}' (expected disconnect, drop-oldest or conflate)");
                        return null;
                    }

                    policy = parsed.Value;
                    break;
                case "MAXRATE" when hasValue:
                    if (!RedisInteger.TryParse(_arguments[++i].Span, out var rate) || rate is < 1 or > 1_000_000)
                    {
                        Error("ERR MAXRATE must be an integer from 1 to 1000000");
                        return null;
                    }

                    maxRate = (int)rate;
                    break;
                default:
                    Error(ErrorReplies.Syntax);
                    return null;
            }
        }

        if ((snapshot ? 1 : 0) + (from is null ? 0 : 1) + (last is null ? 0 : 1) > 1)
        {
            Error("ERR SNAPSHOT, FROM and LAST cannot be combined");
            return null;
        }

        return (new RoomJoinOptions(snapshot, from, last, presence), policy, maxRate);
    }

    // ROOM.LEAVE room: roomleft once the room has let go (also when this connection was not in its feed).
    private void RoomLeave()
    {
        SendPublishBatches();
        var reply = new AwaitedReply(0, _suppressReply);
        var room = Text(1);
        LeaveRoomFeed(room, reply);
        RoomFrames.WriteLeft(reply.Bytes, _arguments[1].Span, SubscriptionCount, _protocol);
        _replies.Add(reply);
    }

    private void LeaveRoomFeed(string room, AwaitedReply reply)
    {
        if (_roomFeeds.Remove(room, out var feed))
        {
            ForgetFeed(feed);
            reply.Outstanding++;
            SendToRoom(new LeaveRoomFeed(++_nextRequestId, room), reply, null);
        }
    }

    /// <summary>RESET, or a slow consumer's close: leaves every room feed; <paramref name="reply"/> waits for the rooms.</summary>
    private void LeaveAllRoomFeeds(AwaitedReply reply)
    {
        foreach (var room in _roomFeeds.Keys.ToList())
        {
            LeaveRoomFeed(room, reply);
        }
    }

    /// <summary>After HELLO switched protocol: rooms must encode this member's feed in the new version (nothing replayed).</summary>
    private void RejoinRoomFeedsInProtocol(AwaitedReply reply)
    {
        foreach (var feed in _roomFeeds.Values)
        {
            reply.Outstanding++;
            var options = RoomJoinOptions.LiveOnly with { Presence = feed.Options.Presence };
            SendToRoom(new JoinRoomFeed(++_nextRequestId, feed.Room, _protocol, options, _id, _name), reply, null);
        }
    }

    /// <summary>
    /// The room of a feed stopped (it failed): join its successor, which answers with <c>roomreset</c> (its new epoch)
    /// and replays whatever it has ordered since it started, so nothing in the new epoch is missed.
    /// </summary>
    private void RejoinRoomFeedAfterLoss(string room)
    {
        if (!_roomFeeds.TryGetValue(room, out var feed)
            || _roomRequests.Values.Any(r => r.Message is JoinRoomFeed j && j.Room == room))
        {
            return;
        }

        var options = new RoomJoinOptions(Snapshot: false, From: 1, Last: null, feed.Options.Presence);
        SendToRoom(new JoinRoomFeed(++_nextRequestId, room, _protocol, options, _id, _name, AfterRoomLoss: true), null, null);
    }

    private void OnRoomFeedJoined(RoomFeedJoined joined)
    {
        RememberRoom(joined.Room, Sender);
        if (_roomJoinReplies.Remove(joined.RequestId, out var reply))
        {
            if (_roomFeeds.TryGetValue(joined.Room, out var joining) && joining.JoinRequestId == joined.RequestId)
            {
                joining.Epoch = joined.Epoch;
            }

            reply.Answer(joined);
        }
        else if (_roomFeeds.TryGetValue(joined.Room, out var feed))
        {
            // A rejoin (protocol switch or a lost room): its preamble goes out now, before the messages after it.
            feed.Epoch = joined.Epoch;
            EmitFrames(feed, joined.Preamble);
        }

        CompleteRoomRequest(joined.RequestId);
        Flush();
    }

    private void OnRoomFeedDelivery(RoomFeedDelivery delivery)
    {
        if (_slowConsumer || !_roomFeeds.TryGetValue(delivery.Room, out var feed))
        {
            return;
        }

        feed.Epoch = delivery.Epoch;
        if (feed.Limiter is { } limiter)
        {
            var ready = limiter.Offer(delivery.Entries, Stopwatch.GetElapsedTime(0));
            if (ready.Count > 0)
            {
                EmitEntries(feed, delivery.Epoch, ready, null, Stopwatch.GetElapsedTime(delivery.OrderedAt));
            }

            ScheduleRateLimitRelease();
        }
        else
        {
            EmitEntries(feed, delivery.Epoch, delivery.Entries, delivery.Frames, Stopwatch.GetElapsedTime(delivery.OrderedAt));
        }

        Flush();
    }

    /// <summary>
    /// The healthy path queues the room's shared frames as they are. A feed whose join reply is still waiting holds
    /// them; a drop-oldest or conflate feed whose connection is behind keeps the entries by its policy instead.
    /// </summary>
    private void EmitEntries(RoomFeed feed, long epoch, IReadOnlyList<RoomEntry> entries, ByteString? frames, TimeSpan? sinceOrdered)
    {
        if (feed.JoinRequestId is not null)
        {
            feed.Hold(frames ?? RoomFrames.EncodeMessages(feed.Prefix(_protocol), epoch, entries, _protocol));
            return;
        }

        if (feed.Policy != RoomMemberPolicy.Disconnect)
        {
            if (feed.IsBehind && feed.BacklogEpoch != epoch)
            {
                DrainFeed(feed);
            }

            if (feed.IsBehind || _outbound.HeldBytes > _settings.RoomFeatures.MemberBehindBytes)
            {
                KeepWhileBehind(feed, epoch, entries);
                return;
            }
        }

        _outbound.Enqueue(frames ?? RoomFrames.EncodeMessages(feed.Prefix(_protocol), epoch, entries, _protocol));
        feed.Record(entries.Count, sinceOrdered ?? SinceOrdered(entries[0]));
    }

    private void KeepWhileBehind(RoomFeed feed, long epoch, IReadOnlyList<RoomEntry> entries)
    {
        var limits = _settings.RoomFeatures;
        var fits = feed.TakeWhileBehind(entries, epoch, limits.MemberBacklogBytes, limits.MaxKeys, out var backlogDelta, out var dropped, out var conflated);
        _counters.RoomFeedBehind(backlogDelta, dropped, conflated);
        _roomFeedsBehind.Add(feed);
        if (!fits && !_slowConsumer)
        {
            DisconnectSlowConsumer($"room '{feed.Room}' would conflate more than {limits.MaxKeys} keys");
        }
    }

    /// <summary>Notices and preambles: queued in order with the feed's messages, never dropped or conflated.</summary>
    private void EmitFrames(RoomFeed feed, ByteString frames)
    {
        if (feed.JoinRequestId is not null)
        {
            feed.Hold(frames);
        }
        else
        {
            _outbound.Enqueue(frames);
        }
    }

    /// <summary>Called by every flush: once the output is back under the bound, what behind feeds kept goes out.</summary>
    private void DrainRoomFeedsIfCaughtUp()
    {
        if (_roomFeedsBehind.Count == 0 || _slowConsumer || _outbound.HeldBytes > _settings.RoomFeatures.MemberBehindBytes)
        {
            return;
        }

        foreach (var feed in _roomFeedsBehind.ToList())
        {
            DrainFeed(feed);
        }
    }

    private void DrainFeed(RoomFeed feed)
    {
        var writer = new ArrayBufferWriter<byte>();
        var (released, _) = feed.DrainTo(writer, _protocol);
        _counters.RoomFeedBehind(-released, 0, 0);
        _roomFeedsBehind.Remove(feed);
        if (writer.WrittenCount > 0)
        {
            _outbound.Enqueue(ByteString.FromBytes(writer.WrittenSpan.ToArray()));
        }
    }

    private void ScheduleRateLimitRelease()
    {
        if (Timers.IsTimerActive(RateLimitDue.Instance))
        {
            return;
        }

        TimeSpan? due = null;
        foreach (var feed in _roomFeeds.Values)
        {
            if (feed.Limiter?.NextDue() is { } next && (due is null || next < due))
            {
                due = next;
            }
        }

        if (due is { } at)
        {
            var delay = at - Stopwatch.GetElapsedTime(0);
            Timers.StartSingleTimer(RateLimitDue.Instance, RateLimitDue.Instance, delay > TimeSpan.FromMilliseconds(1) ? delay : TimeSpan.FromMilliseconds(1));
        }
    }

    private void ReleaseRateLimited()
    {
        if (_slowConsumer)
        {
            return;
        }

        var now = Stopwatch.GetElapsedTime(0);
        // A copy: a conflate feed past its key bound disconnects the client, which leaves (removes) every feed.
        foreach (var feed in _roomFeeds.Values.ToList())
        {
            if (!_slowConsumer && feed.Limiter?.Release(now) is { Count: > 0 } ready)
            {
                EmitEntries(feed, feed.Epoch, ready, null, null);
            }
        }

        ScheduleRateLimitRelease();
        Flush();
    }

    private void ForgetFeed(RoomFeed feed)
    {
        _roomFeedsBehind.Remove(feed);
        _counters.RoomFeedBehind(-feed.Release(), 0, 0);
    }

    private void ReleaseRoomFeeds()
    {
        foreach (var feed in _roomFeeds.Values)
        {
            ForgetFeed(feed);
        }
    }

    private static TimeSpan SinceOrdered(RoomEntry entry) =>
        TimeSpan.FromMilliseconds(Math.Max(0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - entry.TimeMs));

    private string Text(int index) => Encoding.Latin1.GetString(_arguments[index].Span);

    private bool IsWord(int index, string word) => Text(index).Equals(word, StringComparison.OrdinalIgnoreCase);

    // ---- Replies: RESP3 maps, RESP2 flat arrays (as Redis does for maps) ----

    // %3 epoch :e last-seq :s values *n [*4 :seq key :time-ms payload]
    private void WriteLast(IBufferWriter<byte> w, RoomLastAnswered answer)
    {
        RespWriter.MapHeader(w, 3, _protocol);
        RespWriter.BulkString(w, "epoch"u8);
        RespWriter.Integer(w, answer.Epoch);
        RespWriter.BulkString(w, "last-seq"u8);
        RespWriter.Integer(w, answer.LastSeq);
        RespWriter.BulkString(w, "values"u8);
        RespWriter.ArrayHeader(w, answer.Values.Count);
        foreach (var entry in answer.Values)
        {
            RespWriter.ArrayHeader(w, 4);
            RespWriter.Integer(w, entry.Seq);
            WriteKey(w, entry.Key);
            RespWriter.Integer(w, entry.TimeMs);
            RespWriter.BulkString(w, entry.Payload.Span);
        }
    }

    // %2 count :n members *n [%3 id :i name $n|null via subscribe|room|both]
    private void WriteMembers(IBufferWriter<byte> w, IReadOnlyList<RoomMemberState> members)
    {
        RespWriter.MapHeader(w, 2, _protocol);
        RespWriter.BulkString(w, "count"u8);
        RespWriter.Integer(w, members.Count);
        RespWriter.BulkString(w, "members"u8);
        RespWriter.ArrayHeader(w, members.Count);
        foreach (var member in members)
        {
            RespWriter.MapHeader(w, 3, _protocol);
            RespWriter.BulkString(w, "id"u8);
            RespWriter.Integer(w, member.ClientId);
            RespWriter.BulkString(w, "name"u8);
            WriteKey(w, member.Name);
            RespWriter.BulkString(w, "via"u8);
            RespWriter.BulkString(w, member.Subscribed && member.Feed is not null ? "both"u8 : member.Feed is not null ? "room"u8 : "subscribe"u8);
        }
    }

    private void WriteInfo(IBufferWriter<byte> w, RoomInfo info)
    {
        var t = info.Telemetry;
        var feeds = info.Members.Select(m => m.Feed).OfType<RoomFeedState>().ToList();
        RespWriter.MapHeader(w, 23, _protocol);
        Field(w, "room"u8, Encoding.Latin1.GetBytes(info.Room));
        Field(w, "epoch"u8, info.Epoch);
        Field(w, "last-seq"u8, info.LastSeq);
        Field(w, "oldest-seq"u8, info.OldestSeq);
        Field(w, "subscribers"u8, info.ChannelMembers);
        Field(w, "room-members"u8, info.FeedMembers);
        Field(w, "pattern-subscribers"u8, info.PatternSubscribers);
        Field(w, "messages-in"u8, t.MessagesIn);
        Field(w, "messages-out"u8, t.MessagesOut);
        Field(w, "messages-in-per-sec"u8, t.MessagesInPerSecond);
        Field(w, "messages-out-per-sec"u8, t.MessagesOutPerSecond);
        Field(w, "fan-out"u8, t.LastFanOut);
        RespWriter.BulkString(w, "last-publish-ms"u8);
        if (t.LastPublishMs is { } last)
        {
            RespWriter.Integer(w, last);
        }
        else
        {
            RespWriter.Null(w, _protocol);
        }

        Field(w, "history-messages"u8, t.HistoryMessages);
        Field(w, "history-bytes"u8, t.HistoryBytes);
        Field(w, "keys"u8, t.Keys);
        Field(w, "keys-evicted"u8, t.KeysEvicted);
        Field(w, "dropped"u8, feeds.Sum(f => f.Dropped));
        Field(w, "conflated"u8, feeds.Sum(f => f.Conflated));
        Field(w, "queued-bytes"u8, info.Members.Sum(m => m.QueuedBytes));
        Field(w, "members-answered"u8, info.Members.Count);
        RespWriter.BulkString(w, "latency-us"u8);
        if (info.LatencyMicros is { } latency)
        {
            RespWriter.MapHeader(w, latency.Count, _protocol);
            foreach (var (name, value) in latency)
            {
                Field(w, Encoding.ASCII.GetBytes(name), value);
            }
        }
        else
        {
            RespWriter.Null(w, _protocol);
        }

        RespWriter.BulkString(w, "members"u8);
        RespWriter.ArrayHeader(w, info.Members.Count);
        foreach (var member in info.Members)
        {
            var feed = member.Feed;
            RespWriter.MapHeader(w, 10, _protocol);
            Field(w, "id"u8, member.ClientId);
            RespWriter.BulkString(w, "name"u8);
            WriteKey(w, member.Name);
            RespWriter.BulkString(w, "via"u8);
            RespWriter.BulkString(w, member.Subscribed && feed is not null ? "both"u8 : feed is not null ? "room"u8 : "subscribe"u8);
            Field(w, "policy"u8, Encoding.ASCII.GetBytes(feed?.Policy ?? "disconnect"));
            Field(w, "maxrate"u8, feed?.MaxRate ?? 0);
            Field(w, "queued-bytes"u8, member.QueuedBytes);
            Field(w, "backlog-bytes"u8, feed?.BacklogBytes ?? 0);
            Field(w, "delivered"u8, feed?.Delivered ?? 0);
            Field(w, "dropped"u8, feed?.Dropped ?? 0);
            Field(w, "conflated"u8, feed?.Conflated ?? 0);
        }
    }

    private static void Field(IBufferWriter<byte> w, ReadOnlySpan<byte> name, long value)
    {
        RespWriter.BulkString(w, name);
        RespWriter.Integer(w, value);
    }

    private static void Field(IBufferWriter<byte> w, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        RespWriter.BulkString(w, name);
        RespWriter.BulkString(w, value);
    }

    private void WriteKey(IBufferWriter<byte> w, string? text)
    {
        if (text is null)
        {
            RespWriter.Null(w, _protocol);
        }
        else
        {
            RespWriter.BulkString(w, Encoding.Latin1.GetBytes(text));
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

using System.Text;
using ActorRooms.Broker.Rooms;
using ActorRooms.Messages.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Network;

/// <summary>
/// Subscriptions and publishing. The connection finds a room through the registry once, learns the room's actor
/// from its first reply, and from then on talks to it directly (watching it, so a room that stops is found again).
/// Every request to a room is remembered until answered and re-sent through the registry if that room stops first.
/// </summary>
public sealed partial class ClientConnectionActor
{
    private readonly HashSet<string> _channels = [];
    private readonly HashSet<string> _patterns = [];

    // Channels and patterns left but not yet confirmed by their rooms: what those rooms send until then was
    // published before the UNSUBSCRIBE reached them, and Redis would have delivered it.
    private readonly Dictionary<string, int> _leavingChannels = [];
    private readonly Dictionary<string, int> _leavingPatterns = [];
    private readonly Dictionary<string, IActorRef> _roomActors = [];
    private readonly Dictionary<IActorRef, string> _roomNames = [];
    private readonly Dictionary<long, RoomRequest> _roomRequests = [];
    private readonly Dictionary<long, PatternRequest> _patternRequests = [];
    private readonly Dictionary<string, PendingPublish> _batchesOfThisRead = [];
    private long _nextRequestId;

    private int SubscriptionCount => _channels.Count + _patterns.Count;

    private bool IsSubscribed => SubscriptionCount > 0;

    private bool HasUnsentBatches => _batchesOfThisRead.Count > 0;

    private void ReceivePubSubMessages()
    {
        Receive<RoomDelivery>(delivery =>
        {
            // Deliveries from rooms already left and confirmed are dropped: after the confirmation nothing arrives.
            if (!_slowConsumer && ListensTo(delivery.Room))
            {
                _outbound.Enqueue(delivery.Frames);
                Flush();
            }
        });
        Receive<PatternDelivery>(delivery =>
        {
            if (!_slowConsumer && ListensToPattern(delivery.Pattern))
            {
                _outbound.Enqueue(delivery.Frames);
                Flush();
            }
        });
        Receive<BatchPublished>(OnBatchPublished);
        Receive<RoomJoined>(OnRoomJoined);
        Receive<RoomLeft>(left => CompleteRoomRequest(left.RequestId));
        Receive<PatternRoomsNotified>(OnPatternRoomsNotified);
        Receive<PatternMembershipConfirmed>(confirmed =>
        {
            if (_patternRequests.TryGetValue(confirmed.RequestId, out var request))
            {
                request.RoomsConfirmed++;
                CompletePatternRequestIfDone(confirmed.RequestId, request);
            }
        });
    }

    private bool ListensTo(string room) => _channels.Contains(room) || _leavingChannels.ContainsKey(room);

    private bool ListensToPattern(string pattern) => _patterns.Contains(pattern) || _leavingPatterns.ContainsKey(pattern);

    private void Publish()
    {
        var room = Encoding.Latin1.GetString(_arguments[1].Span);
        if (!_batchesOfThisRead.TryGetValue(room, out var batch))
        {
            batch = new PendingPublish(++_nextRequestId, room);
            _batchesOfThisRead.Add(room, batch);
        }

        batch.Payloads.Add(_arguments[2]);
        if (_replies.Last is PublishReply last && ReferenceEquals(last.Publish, batch) && last.Suppressed == _suppressReply)
        {
            last.Repeat++;
        }
        else
        {
            _replies.Add(new PublishReply(batch, batch.Payloads.Count - 1, _suppressReply));
        }
    }

    /// <summary>Sends each room the one batch of this read. Called at the end of a read and before anything else touches rooms, so each room sees this client's requests in order.</summary>
    private void SendPublishBatches()
    {
        foreach (var batch in _batchesOfThisRead.Values)
        {
            SendToRoom(new PublishBatch(batch.RequestId, batch.Room, batch.Payloads), null, batch);
        }

        _batchesOfThisRead.Clear();
    }

    private void Subscribe() => SubscribeTo(_channels, PubSubFrames.Confirmation.Subscribe, JoinChannel);

    private void Unsubscribe() => UnsubscribeFrom(_channels, PubSubFrames.Confirmation.Unsubscribe, LeaveChannel);

    private void PatternSubscribe() => SubscribeTo(_patterns, PubSubFrames.Confirmation.PatternSubscribe, SubscribePatternAtRegistry);

    private void PatternUnsubscribe() => UnsubscribeFrom(_patterns, PubSubFrames.Confirmation.PatternUnsubscribe, LeavePattern);

    /// <summary>
    /// (P)SUBSCRIBE: one confirmation per argument (count = channels + patterns), sent once every new subscription
    /// is in place, so a message published after the client read the confirmation reaches it.
    /// </summary>
    private void SubscribeTo(HashSet<string> subscribed, PubSubFrames.Confirmation confirmation, Action<string, AwaitedReply> join)
    {
        SendPublishBatches();
        if (!CheckSubscriptionLimit(subscribed))
        {
            return;
        }

        var reply = new AwaitedReply(0, _suppressReply);
        for (var i = 1; i < _arguments.Count; i++)
        {
            var name = Encoding.Latin1.GetString(_arguments[i].Span);
            if (subscribed.Add(name))
            {
                join(name, reply);
            }

            PubSubFrames.WriteConfirmation(reply.Bytes, confirmation, _arguments[i].Span, false, SubscriptionCount, _protocol);
        }

        _replies.Add(reply);
    }

    /// <summary>
    /// (P)UNSUBSCRIBE: one confirmation per argument, or per subscription when there is none, or a single one with a
    /// null name when nothing is subscribed; sent once the rooms have let go.
    /// </summary>
    private void UnsubscribeFrom(HashSet<string> subscribed, PubSubFrames.Confirmation confirmation, Action<string, AwaitedReply> leave)
    {
        SendPublishBatches();
        var reply = new AwaitedReply(0, _suppressReply);
        if (_arguments.Count == 1)
        {
            if (subscribed.Count == 0)
            {
                PubSubFrames.WriteConfirmation(reply.Bytes, confirmation, [], true, SubscriptionCount, _protocol);
            }

            foreach (var name in subscribed.ToList())
            {
                leave(name, reply);
                PubSubFrames.WriteConfirmation(reply.Bytes, confirmation, Encoding.Latin1.GetBytes(name), false, SubscriptionCount, _protocol);
            }
        }
        else
        {
            for (var i = 1; i < _arguments.Count; i++)
            {
                leave(Encoding.Latin1.GetString(_arguments[i].Span), reply);
                PubSubFrames.WriteConfirmation(reply.Bytes, confirmation, _arguments[i].Span, false, SubscriptionCount, _protocol);
            }
        }

        _replies.Add(reply);
    }

    private void JoinChannel(string room, AwaitedReply reply)
    {
        reply.Outstanding++;
        SendToRoom(new JoinRoom(++_nextRequestId, room, _protocol), reply, null);
    }

    private void LeaveChannel(string room, AwaitedReply reply)
    {
        if (_channels.Remove(room))
        {
            reply.Outstanding++;
            Increment(_leavingChannels, room);
            SendToRoom(new LeaveRoom(++_nextRequestId, room), reply, null);
        }
    }

    private void SubscribePatternAtRegistry(string pattern, AwaitedReply reply)
    {
        reply.Outstanding++;
        var requestId = ++_nextRequestId;
        _patternRequests.Add(requestId, new PatternRequest(reply, pattern, leaving: false));
        _rooms.Tell(new SubscribePattern(requestId, pattern, _protocol));
    }

    /// <summary>Leaves a pattern; the reply waits until the registry and every room it told have let go.</summary>
    private void LeavePattern(string pattern, AwaitedReply reply)
    {
        if (_patterns.Remove(pattern))
        {
            reply.Outstanding++;
            Increment(_leavingPatterns, pattern);
            var requestId = ++_nextRequestId;
            _patternRequests.Add(requestId, new PatternRequest(reply, pattern, leaving: true));
            _rooms.Tell(new UnsubscribePattern(requestId, pattern));
        }
    }

    /// <summary>Leaves every channel and pattern; the reply waits until the rooms have let go.</summary>
    private void LeaveAll(AwaitedReply reply)
    {
        SendPublishBatches();
        foreach (var room in _channels.ToList())
        {
            LeaveChannel(room, reply);
        }

        foreach (var pattern in _patterns.ToList())
        {
            LeavePattern(pattern, reply);
        }
    }

    /// <summary>After HELLO changes the protocol: rooms must encode this member's messages in the new version.</summary>
    private void RejoinInProtocol(AwaitedReply reply)
    {
        foreach (var room in _channels)
        {
            JoinChannel(room, reply);
        }

        foreach (var pattern in _patterns)
        {
            SubscribePatternAtRegistry(pattern, reply);
        }
    }

    private bool CheckSubscriptionLimit(HashSet<string> kind)
    {
        var added = 0;
        for (var i = 1; i < _arguments.Count; i++)
        {
            if (!kind.Contains(Encoding.Latin1.GetString(_arguments[i].Span)))
            {
                added++;
            }
        }

        if (SubscriptionCount + added <= _settings.MaxSubscriptions)
        {
            return true;
        }

        Error($"ERR max subscriptions per connection reached ({_settings.MaxSubscriptions})");
        return false;
    }

    private void SendToRoom(IRoomCommand message, AwaitedReply? reply, PendingPublish? publish)
    {
        var target = _roomActors.GetValueOrDefault(message.Room) ?? _rooms;
        target.Tell(message);
        _roomRequests.Add(RequestIdOf(message), new RoomRequest(message, target, reply, publish));
    }

    private static long RequestIdOf(IRoomCommand message) => message switch
    {
        JoinRoom join => join.RequestId,
        LeaveRoom leave => leave.RequestId,
        PublishBatch batch => batch.RequestId,
        _ => throw new ArgumentException($"Unexpected room command {message.GetType().Name}", nameof(message)),
    };

    private void OnBatchPublished(BatchPublished published)
    {
        if (!_roomRequests.Remove(published.RequestId, out var request))
        {
            return;
        }

        // Own copies are kept only for what this client still listens to (or is leaving but not yet confirmed).
        var own = published.Own?.Where(o => o.Pattern is null ? ListensTo(request.Message.Room) : ListensToPattern(o.Pattern)).ToList();
        request.Publish?.Acknowledge(published.Receivers, own ?? []);
        if (!Sender.Equals(_rooms))
        {
            RememberRoom(request.Message.Room, Sender);
        }

        Flush();
    }

    private void OnRoomJoined(RoomJoined joined)
    {
        RememberRoom(joined.Room, Sender);
        CompleteRoomRequest(joined.RequestId);
    }

    private void CompleteRoomRequest(long requestId)
    {
        if (!_roomRequests.Remove(requestId, out var request))
        {
            return;
        }

        if (request.Message is LeaveRoom leave)
        {
            Decrement(_leavingChannels, leave.Room);
        }

        if (request.Reply is not null)
        {
            request.Reply.Outstanding--;
            Flush();
        }
    }

    private void OnPatternRoomsNotified(PatternRoomsNotified notified)
    {
        if (_patternRequests.TryGetValue(notified.RequestId, out var request))
        {
            request.RoomsToConfirm = notified.RoomsToConfirm;
            CompletePatternRequestIfDone(notified.RequestId, request);
        }
    }

    private void CompletePatternRequestIfDone(long requestId, PatternRequest request)
    {
        if (request.RoomsToConfirm is { } expected && request.RoomsConfirmed >= expected)
        {
            _patternRequests.Remove(requestId);
            if (request.Leaving)
            {
                Decrement(_leavingPatterns, request.Pattern);
            }

            request.Reply.Outstanding--;
            Flush();
        }
    }

    private static void Increment(Dictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private static void Decrement(Dictionary<string, int> counts, string key)
    {
        if (counts.TryGetValue(key, out var count) && count > 1)
        {
            counts[key] = count - 1;
        }
        else
        {
            counts.Remove(key);
        }
    }

    /// <summary>Remembers a room's actor (watched); publish-only rooms beyond the cache size are forgotten again.</summary>
    private void RememberRoom(string room, IActorRef actor)
    {
        if (_roomActors.TryGetValue(room, out var known))
        {
            if (known.Equals(actor))
            {
                return;
            }

            _roomNames.Remove(known);
            Context.Unwatch(known);
        }

        _roomActors[room] = actor;
        _roomNames[actor] = room;
        Context.Watch(actor);

        if (_roomActors.Count > _settings.RoomCacheSize + _channels.Count)
        {
            var evict = _roomActors.FirstOrDefault(r => !_channels.Contains(r.Key) && r.Key != room
                && !_roomRequests.Values.Any(q => q.Target.Equals(r.Value)));
            if (evict.Key is not null)
            {
                _roomActors.Remove(evict.Key);
                _roomNames.Remove(evict.Value);
                Context.Unwatch(evict.Value);
            }
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        if (!_roomNames.Remove(terminated.ActorRef, out var room))
        {
            return;
        }

        _roomActors.Remove(room);
        // Anything the stopped room had not answered goes again, through the registry, which starts a fresh room.
        foreach (var request in _roomRequests.Values.Where(r => r.Target.Equals(terminated.ActorRef)).ToList())
        {
            request.Target = _rooms;
            _rooms.Tell(request.Message);
        }

        if (_channels.Contains(room) && !_roomRequests.Values.Any(r => r.Message is JoinRoom j && j.Room == room))
        {
            // A room we are subscribed to has gone (it failed): join its successor.
            SendToRoom(new JoinRoom(++_nextRequestId, room, _protocol), null, null);
        }
    }

    /// <summary>A request to a room awaiting its answer, and where it was sent.</summary>
    private sealed class RoomRequest(IRoomCommand message, IActorRef target, AwaitedReply? reply, PendingPublish? publish)
    {
        public IRoomCommand Message { get; } = message;

        public IActorRef Target { get; set; } = target;

        public AwaitedReply? Reply { get; } = reply;

        public PendingPublish? Publish { get; } = publish;
    }

    /// <summary>A PSUBSCRIBE or PUNSUBSCRIBE of one pattern: complete when the registry and every room it named have confirmed.</summary>
    private sealed class PatternRequest(AwaitedReply reply, string pattern, bool leaving)
    {
        public AwaitedReply Reply { get; } = reply;

        public string Pattern { get; } = pattern;

        public bool Leaving { get; } = leaving;

        public int? RoomsToConfirm { get; set; }

        public int RoomsConfirmed { get; set; }
    }
}

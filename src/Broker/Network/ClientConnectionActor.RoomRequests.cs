using ActorRooms.Broker.Rooms;
using Akka.Actor;

namespace ActorRooms.Broker.Network;

/// <summary>
/// The connection's side of the room protocol: which room actors it knows, the requests rooms have not answered yet,
/// their answers, and what happens when a room stops before answering (the request goes again, through the registry).
/// </summary>
public sealed partial class ClientConnectionActor
{
    private readonly Dictionary<string, IActorRef> _roomActors = [];
    private readonly Dictionary<IActorRef, string> _roomNames = [];
    private readonly Dictionary<long, RoomRequest> _roomRequests = [];
    private readonly Dictionary<long, PatternRequest> _patternRequests = [];

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
        JoinRoomFeed join => join.RequestId,
        LeaveRoomFeed leave => leave.RequestId,
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

        ForgetSurplusRooms();
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

        ForgetSurplusRooms();

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
    }

    /// <summary>
    /// Forgets publish-only rooms beyond the cache size, oldest first. Only once every room request is answered, so
    /// no forgotten room still owes a reply, and at most once per read rather than once per acknowledgement.
    /// </summary>
    private void ForgetSurplusRooms()
    {
        var surplus = _roomActors.Count - _settings.RoomCacheSize - _roomActors.Keys.Count(IsMemberOf);
        if (surplus <= 0 || _roomRequests.Count > 0)
        {
            return;
        }

        foreach (var (room, actor) in _roomActors.Where(r => !IsMemberOf(r.Key)).Take(surplus).ToList())
        {
            _roomActors.Remove(room);
            _roomNames.Remove(actor);
            Context.Unwatch(actor);
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

        RejoinRoomFeedAfterLoss(room);
    }

    /// <summary>True when this connection is in the room (SUBSCRIBE or ROOM.JOIN), so its actor must stay known and watched.</summary>
    private bool IsMemberOf(string room) => _channels.Contains(room) || _roomFeeds.ContainsKey(room);

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

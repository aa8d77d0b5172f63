using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.PubSub;
using ActorRooms.Broker.Rooms;
using Akka.Actor;

namespace ActorRooms.Broker.Network.Routing;

/// <summary>
/// The connection's side of room routing. A room is found once through the registry; its actor, learnt from its
/// first answer, is remembered (and watched) so later requests go to it directly. Every request is remembered until
/// answered and sent again through the registry if its room stops first. A connection reads on while earlier
/// requests wait, so a room can have requests on their way through the registry when its actor becomes known: later
/// ones follow them through the registry until they are answered, or a direct one could overtake them. Publish-only
/// rooms beyond the cache size with nothing pending are forgotten, oldest first, in steps. Request ids are this
/// connection's, shared by every request it sends.
/// </summary>
public sealed class RoomRouter(IActorRef registry, IActorRef self, int cacheSize, IActorWatcher watcher, Func<string, bool> isMember)
{
    private readonly Dictionary<string, IActorRef> _roomActors = [];
    private readonly Dictionary<IActorRef, string> _roomNames = [];
    private readonly Dictionary<long, RoomRequest> _requests = [];

    // Per room: requests waiting for an answer, and how many of them went through the registry.
    private readonly Dictionary<string, PendingCounts> _pendingPerRoom = [];
    private long _lastRequestId;

    // ForgetSurplus looks at the known rooms again only once there are more than this many (the first look sets it).
    private int _lookAbove;

    /// <summary>The registry: first contact for every room, and the answerer of registry-wide questions.</summary>
    public IActorRef Registry { get; } = registry;

    /// <summary>Requests sent and not yet answered.</summary>
    public int PendingCount => _requests.Count;

    /// <summary>Rooms whose actor is known.</summary>
    public int KnownRooms => _roomActors.Count;

    /// <summary>A new request id of this connection.</summary>
    public long NextRequestId() => ++_lastRequestId;

    /// <summary>Sends <paramref name="message"/> to its room (or the registry) and remembers it until answered.</summary>
    public void Send(IRoomCommand message, AwaitedReply? reply = null, PendingPublish? publish = null)
    {
        _pendingPerRoom.TryGetValue(message.Room, out var pending);
        var target = pending.ViaRegistry == 0 ? _roomActors.GetValueOrDefault(message.Room) ?? Registry : Registry;
        target.Tell(message, self);
        _requests.Add(RequestIdOf(message), new RoomRequest(message, target, reply, publish));
        _pendingPerRoom[message.Room] = pending.Add(1, ReferenceEquals(target, Registry) ? 1 : 0);
    }

    /// <summary>Takes the request answered by <paramref name="requestId"/>; null when it is not (or no longer) waiting.</summary>
    public RoomRequest? Complete(long requestId)
    {
        if (!_requests.Remove(requestId, out var request))
        {
            return null;
        }

        var room = request.Message.Room;
        var pending = _pendingPerRoom[room].Add(-1, ReferenceEquals(request.Target, Registry) ? -1 : 0);
        if (pending.All == 0)
        {
            _pendingPerRoom.Remove(room);
        }
        else
        {
            _pendingPerRoom[room] = pending;
        }

        return request;
    }

    /// <summary>True while a request of type <typeparamref name="T"/> to <paramref name="room"/> waits for its answer.</summary>
    public bool IsPending<T>(string room)
        where T : IRoomCommand
    {
        foreach (var request in _requests.Values)
        {
            if (request.Message is T && request.Message.Room == room)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Remembers <paramref name="actor"/> as <paramref name="room"/>'s actor, and watches it.</summary>
    public void Remember(string room, IActorRef actor)
    {
        if (_roomActors.TryGetValue(room, out var known))
        {
            if (known.Equals(actor))
            {
                return;
            }

            _roomNames.Remove(known);
            watcher.Unwatch(known);
        }

        _roomActors[room] = actor;
        _roomNames[actor] = room;
        watcher.Watch(actor);
    }

    /// <summary>
    /// Forgets publish-only rooms that owe this connection no answer, oldest first, down to three quarters of the
    /// cache size, once the known rooms have grown by a quarter (of the cache size, or of the known rooms if more)
    /// since the last look. Looking means a pass over every known room, so it is done in steps rather than on every
    /// acknowledgement (a subscriber of 10,000 rooms, or a publisher to 100,000, would otherwise pay a pass per
    /// answer); a connection with many subscriptions may so keep up to a quarter as many publish-only rooms.
    /// </summary>
    public void ForgetSurplus()
    {
        if (_roomActors.Count <= _lookAbove)
        {
            return;
        }

        var keep = cacheSize - (cacheSize / 4);
        var surplus = _roomActors.Keys.Count(room => !isMember(room)) - keep;
        if (surplus > 0)
        {
            foreach (var (room, actor) in _roomActors.Where(r => !isMember(r.Key) && !_pendingPerRoom.ContainsKey(r.Key)).Take(surplus).ToList())
            {
                _roomActors.Remove(room);
                _roomNames.Remove(actor);
                watcher.Unwatch(actor);
            }
        }

        // Growing the step with the known rooms keeps the passes to a constant share of the answers.
        _lookAbove = Math.Max(cacheSize, _roomActors.Count + (Math.Max(cacheSize, _roomActors.Count) / 4));
    }

    /// <summary>
    /// A watched room stopped: everything it had not answered goes again, through the registry, which starts a fresh
    /// room. Returns the room's name, or null when <paramref name="actor"/> was not a known room.
    /// </summary>
    public string? RoomStopped(IActorRef actor)
    {
        if (!_roomNames.Remove(actor, out var room))
        {
            return null;
        }

        _roomActors.Remove(room);
        foreach (var request in _requests.Values.Where(r => r.Target.Equals(actor)).ToList())
        {
            request.Target = Registry;
            Registry.Tell(request.Message, self);
            _pendingPerRoom[room] = _pendingPerRoom[room].Add(0, 1);
        }

        return room;
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

    /// <summary>A room's unanswered requests: all of them, and those sent through the registry.</summary>
    private readonly record struct PendingCounts(int All, int ViaRegistry)
    {
        public PendingCounts Add(int all, int viaRegistry) => new(All + all, ViaRegistry + viaRegistry);
    }
}

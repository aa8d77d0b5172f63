using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.PubSub;
using ActorRooms.Broker.Rooms;
using Akka.Actor;

namespace ActorRooms.Broker.Network.Routing;

/// <summary>
/// The connection's side of room routing. A room is found once through the registry; its actor, learnt from its
/// first answer, is remembered (and watched) so later requests go to it directly. Every request is remembered until
/// answered and sent again through the registry if its room stops first. Publish-only rooms beyond the cache size
/// are forgotten, oldest first. Request ids are this connection's, shared by every request it sends.
/// </summary>
public sealed class RoomRouter(IActorRef registry, IActorRef self, int cacheSize, IActorWatcher watcher, Func<string, bool> isMember)
{
    private readonly Dictionary<string, IActorRef> _roomActors = [];
    private readonly Dictionary<IActorRef, string> _roomNames = [];
    private readonly Dictionary<long, RoomRequest> _requests = [];
    private long _lastRequestId;

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
        var target = _roomActors.GetValueOrDefault(message.Room) ?? Registry;
        target.Tell(message, self);
        _requests.Add(RequestIdOf(message), new RoomRequest(message, target, reply, publish));
    }

    /// <summary>Takes the request answered by <paramref name="requestId"/>; null when it is not (or no longer) waiting.</summary>
    public RoomRequest? Complete(long requestId) => _requests.Remove(requestId, out var request) ? request : null;

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
    /// Forgets publish-only rooms beyond the cache size, oldest first. Only once every room request is answered, so
    /// no forgotten room still owes a reply, and at most once per read rather than once per acknowledgement.
    /// </summary>
    public void ForgetSurplus()
    {
        var surplus = _roomActors.Count - cacheSize - _roomActors.Keys.Count(isMember);
        if (surplus <= 0 || _requests.Count > 0)
        {
            return;
        }

        foreach (var (room, actor) in _roomActors.Where(r => !isMember(r.Key)).Take(surplus).ToList())
        {
            _roomActors.Remove(room);
            _roomNames.Remove(actor);
            watcher.Unwatch(actor);
        }
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
}

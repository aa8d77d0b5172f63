using System.Text;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.Routing;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Security;
using ActorRooms.Protocol.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Network.PubSub;

/// <summary>
/// A connection's channels, patterns and shard channels: joining and leaving them through the rooms and the registry,
/// the entries left but not yet confirmed (what their rooms send until then was published before the UNSUBSCRIBE
/// reached them, and Redis would have delivered it), the per-connection limit (over all three and room feeds), and the
/// confirmation frames. As in Redis, channel and pattern confirmations count channels + patterns (+ room feeds), shard
/// confirmations count shard channels. Shard channels are kept by their rooms' names (<see cref="ShardChannels"/>).
/// </summary>
public sealed class Subscriptions(RoomRouter router, ClientState client, IActorRef self, int maxSubscriptions, Func<int> feedCount)
{
    private readonly HashSet<string> _channels = [];
    private readonly HashSet<string> _patterns = [];
    private readonly HashSet<string> _shardRooms = [];
    private readonly LeavingNames _leavingChannels = new();
    private readonly LeavingNames _leavingPatterns = new();
    private readonly Dictionary<long, PatternRequest> _patternRequests = [];

    /// <summary>Channels + patterns + room feeds: the count every channel, pattern and feed confirmation carries.</summary>
    public int Count => _channels.Count + _patterns.Count + feedCount();

    /// <summary>Every subscription, shard channels included: what <c>connection.max-subscriptions</c> bounds.</summary>
    public int TotalCount => Count + _shardRooms.Count;

    /// <summary>True with any subscription, shard channels included (RESP2 subscribed mode; never idle-closed).</summary>
    public bool IsSubscribed => TotalCount > 0;

    public int ChannelCount => _channels.Count;

    public int PatternCount => _patterns.Count;

    public int ShardChannelCount => _shardRooms.Count;

    public int MaxSubscriptions => maxSubscriptions;

    /// <summary>True when subscribed to <paramref name="room"/>, a channel's or a shard channel's room (not counting one being left).</summary>
    public bool HasChannel(string room) => _channels.Contains(room) || _shardRooms.Contains(room);

    /// <summary>True when deliveries from <paramref name="room"/> are still wanted: subscribed, or left but not yet confirmed.</summary>
    public bool ListensTo(string room) => HasChannel(room) || _leavingChannels.Contains(room);

    /// <summary>As <see cref="ListensTo"/>, for a pattern.</summary>
    public bool ListensToPattern(string pattern) => _patterns.Contains(pattern) || _leavingPatterns.Contains(pattern);

    /// <summary>True when subscribing to <paramref name="names"/> (from index 1) keeps this connection within the limit.</summary>
    public bool WithinLimit(IReadOnlyList<ReadOnlyMemory<byte>> names, SubscriptionKind kind)
    {
        var set = SetOf(kind);
        var added = 0;
        for (var i = 1; i < names.Count; i++)
        {
            if (!set.Contains(Key(names[i].Span, kind)))
            {
                added++;
            }
        }

        return TotalCount + added <= maxSubscriptions;
    }

    /// <summary>
    /// (P|S)SUBSCRIBE: one confirmation per argument (from index 1) into <paramref name="reply"/>, which waits until
    /// every new subscription is in place, so a message published after the client read the confirmation reaches it.
    /// </summary>
    public void Subscribe(IReadOnlyList<ReadOnlyMemory<byte>> names, SubscriptionKind kind, AwaitedReply reply)
    {
        var set = SetOf(kind);
        for (var i = 1; i < names.Count; i++)
        {
            var name = Key(names[i].Span, kind);
            if (set.Add(name))
            {
                if (kind == SubscriptionKind.Pattern)
                {
                    JoinPattern(name, reply);
                }
                else
                {
                    JoinChannel(name, reply);
                }
            }

            Confirm(reply, kind, leaving: false, names[i].Span);
        }
    }

    /// <summary>
    /// (P|S)UNSUBSCRIBE: one confirmation per argument, or per subscription of that kind when there is none, or a
    /// single one with a null name when nothing of that kind is subscribed; <paramref name="reply"/> waits until the
    /// rooms have let go.
    /// </summary>
    public void Unsubscribe(IReadOnlyList<ReadOnlyMemory<byte>> names, SubscriptionKind kind, AwaitedReply reply)
    {
        var set = SetOf(kind);
        if (names.Count == 1)
        {
            if (set.Count == 0)
            {
                PubSubFrames.WriteConfirmation(reply.Bytes, kind.Confirmation(leaving: true), [], true, CountFor(kind), client.Protocol);
            }

            foreach (var name in set.ToList())
            {
                Leave(name, kind, reply);
                Confirm(reply, kind, leaving: true, Encoding.Latin1.GetBytes(ShardChannels.ClientName(name)));
            }

            return;
        }

        for (var i = 1; i < names.Count; i++)
        {
            Leave(Key(names[i].Span, kind), kind, reply);
            Confirm(reply, kind, leaving: true, names[i].Span);
        }
    }

    /// <summary>Leaves every channel, pattern and shard channel; <paramref name="reply"/> waits until the rooms have let go.</summary>
    public void LeaveAll(AwaitedReply reply)
    {
        foreach (var room in _channels.Concat(_shardRooms).ToList())
        {
            LeaveChannel(room, reply);
        }

        foreach (var pattern in _patterns.ToList())
        {
            LeavePattern(pattern, reply);
        }
    }

    /// <summary>After HELLO changed the protocol: rooms must encode this member's messages in the new version.</summary>
    public void RejoinInProtocol(AwaitedReply reply)
    {
        foreach (var room in _channels.Concat(_shardRooms))
        {
            JoinChannel(room, reply);
        }

        foreach (var pattern in _patterns)
        {
            JoinPattern(pattern, reply);
        }
    }

    /// <summary>The channels, patterns and shard channels (by room name) <paramref name="permissions"/> no longer allows.</summary>
    public List<(SubscriptionKind Kind, string Name)> Forbidden(RoomPermissions permissions) =>
    [
        .. _channels.Where(c => !permissions.CanSubscribe(c)).Select(c => (SubscriptionKind.Channel, c)),
        .. _patterns.Where(p => !permissions.CanSubscribePattern(p)).Select(p => (SubscriptionKind.Pattern, p)),
        .. _shardRooms.Where(r => !permissions.CanSubscribe(ShardChannels.ChannelOf(r))).Select(r => (SubscriptionKind.ShardChannel, r)),
    ];

    /// <summary>Ends subscriptions the server takes away, with the frames a client gets when it leaves them itself.</summary>
    public void EndByServer(IEnumerable<(SubscriptionKind Kind, string Name)> subscriptions, AwaitedReply notice)
    {
        foreach (var (kind, name) in subscriptions)
        {
            Leave(name, kind, notice);
            Confirm(notice, kind, leaving: true, Encoding.Latin1.GetBytes(ShardChannels.ClientName(name)));
        }
    }

    /// <summary>A room answered a request: a channel being left is confirmed gone.</summary>
    public void RoomRequestCompleted(IRoomCommand request)
    {
        if (request is LeaveRoom leave)
        {
            _leavingChannels.Confirmed(leave.Room);
        }
    }

    /// <summary>The room of a subscribed channel stopped (it failed): join its successor.</summary>
    public void RoomStopped(string room)
    {
        if (HasChannel(room) && !router.IsPending<JoinRoom>(room))
        {
            router.Send(new JoinRoom(router.NextRequestId(), room, client.Protocol));
        }
    }

    /// <summary>The registry told <paramref name="rooms"/> rooms about a pattern change; true when that completed it.</summary>
    public bool PatternRoomsNotified(long requestId, int rooms)
    {
        if (!_patternRequests.TryGetValue(requestId, out var request))
        {
            return false;
        }

        request.RoomsToConfirm = rooms;
        return CompleteIfDone(requestId, request);
    }

    /// <summary>One room applied a pattern change; true when that completed it.</summary>
    public bool PatternMembershipConfirmed(long requestId)
    {
        if (!_patternRequests.TryGetValue(requestId, out var request))
        {
            return false;
        }

        request.RoomsConfirmed++;
        return CompleteIfDone(requestId, request);
    }

    private HashSet<string> SetOf(SubscriptionKind kind) => kind switch
    {
        SubscriptionKind.Channel => _channels,
        SubscriptionKind.Pattern => _patterns,
        _ => _shardRooms,
    };

    // The set key of a name a client sent: a shard channel is kept by its room's name.
    private static string Key(ReadOnlySpan<byte> name, SubscriptionKind kind)
    {
        var text = Encoding.Latin1.GetString(name);
        return kind == SubscriptionKind.ShardChannel ? ShardChannels.RoomOf(text) : text;
    }

    // As redis-server: ssubscribe/sunsubscribe count shard channels, the others channels and patterns.
    private int CountFor(SubscriptionKind kind) => kind == SubscriptionKind.ShardChannel ? _shardRooms.Count : Count;

    private void Confirm(AwaitedReply reply, SubscriptionKind kind, bool leaving, ReadOnlySpan<byte> name) =>
        PubSubFrames.WriteConfirmation(reply.Bytes, kind.Confirmation(leaving), name, false, CountFor(kind), client.Protocol);

    private void Leave(string name, SubscriptionKind kind, AwaitedReply reply)
    {
        if (kind == SubscriptionKind.Pattern)
        {
            LeavePattern(name, reply);
        }
        else
        {
            LeaveChannel(name, reply);
        }
    }

    private void JoinChannel(string room, AwaitedReply reply)
    {
        reply.Outstanding++;
        router.Send(new JoinRoom(router.NextRequestId(), room, client.Protocol), reply);
    }

    private void LeaveChannel(string room, AwaitedReply reply)
    {
        if ((ShardChannels.IsShard(room) ? _shardRooms : _channels).Remove(room))
        {
            reply.Outstanding++;
            _leavingChannels.Add(room);
            router.Send(new LeaveRoom(router.NextRequestId(), room), reply);
        }
    }

    private void JoinPattern(string pattern, AwaitedReply reply)
    {
        reply.Outstanding++;
        var requestId = router.NextRequestId();
        _patternRequests.Add(requestId, new PatternRequest(reply, pattern, leaving: false));
        router.Registry.Tell(new SubscribePattern(requestId, pattern, client.Protocol), self);
    }

    /// <summary>Leaves a pattern; the reply waits until the registry and every room it told have let go.</summary>
    private void LeavePattern(string pattern, AwaitedReply reply)
    {
        if (_patterns.Remove(pattern))
        {
            reply.Outstanding++;
            _leavingPatterns.Add(pattern);
            var requestId = router.NextRequestId();
            _patternRequests.Add(requestId, new PatternRequest(reply, pattern, leaving: true));
            router.Registry.Tell(new UnsubscribePattern(requestId, pattern), self);
        }
    }

    private bool CompleteIfDone(long requestId, PatternRequest request)
    {
        if (!request.IsComplete)
        {
            return false;
        }

        _patternRequests.Remove(requestId);
        if (request.Leaving)
        {
            _leavingPatterns.Confirmed(request.Pattern);
        }

        request.Reply.Outstanding--;
        return true;
    }
}

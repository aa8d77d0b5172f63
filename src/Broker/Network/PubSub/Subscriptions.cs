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
/// A connection's channels and patterns: joining and leaving them through the rooms and the registry, the entries
/// left but not yet confirmed (what their rooms send until then was published before the UNSUBSCRIBE reached them,
/// and Redis would have delivered it), the per-connection limit, and the confirmation frames, whose count is
/// channels + patterns + room feeds.
/// </summary>
public sealed class Subscriptions(RoomRouter router, ClientState client, IActorRef self, int maxSubscriptions, Func<int> feedCount)
{
    private readonly HashSet<string> _channels = [];
    private readonly HashSet<string> _patterns = [];
    private readonly Dictionary<string, int> _leavingChannels = [];
    private readonly Dictionary<string, int> _leavingPatterns = [];
    private readonly Dictionary<long, PatternRequest> _patternRequests = [];

    /// <summary>Channels + patterns + room feeds: the count every confirmation carries.</summary>
    public int Count => _channels.Count + _patterns.Count + feedCount();

    /// <summary>True with any subscription (RESP2 subscribed mode; never idle-closed).</summary>
    public bool IsSubscribed => Count > 0;

    public int ChannelCount => _channels.Count;

    public int PatternCount => _patterns.Count;

    public int MaxSubscriptions => maxSubscriptions;

    /// <summary>True when subscribed to <paramref name="room"/> (not counting a channel being left).</summary>
    public bool HasChannel(string room) => _channels.Contains(room);

    /// <summary>True when deliveries from <paramref name="room"/> are still wanted: subscribed, or left but not yet confirmed.</summary>
    public bool ListensTo(string room) => _channels.Contains(room) || _leavingChannels.ContainsKey(room);

    /// <summary>As <see cref="ListensTo"/>, for a pattern.</summary>
    public bool ListensToPattern(string pattern) => _patterns.Contains(pattern) || _leavingPatterns.ContainsKey(pattern);

    /// <summary>True when subscribing to <paramref name="names"/> (from index 1) keeps this connection within the limit.</summary>
    public bool WithinLimit(IReadOnlyList<ReadOnlyMemory<byte>> names, bool patterns)
    {
        var kind = patterns ? _patterns : _channels;
        var added = 0;
        for (var i = 1; i < names.Count; i++)
        {
            if (!kind.Contains(Encoding.Latin1.GetString(names[i].Span)))
            {
                added++;
            }
        }

        return Count + added <= maxSubscriptions;
    }

    /// <summary>
    /// (P)SUBSCRIBE: one confirmation per argument (from index 1) into <paramref name="reply"/>, which waits until
    /// every new subscription is in place, so a message published after the client read the confirmation reaches it.
    /// </summary>
    public void Subscribe(IReadOnlyList<ReadOnlyMemory<byte>> names, bool patterns, AwaitedReply reply)
    {
        var kind = patterns ? _patterns : _channels;
        var confirmation = patterns ? PubSubFrames.Confirmation.PatternSubscribe : PubSubFrames.Confirmation.Subscribe;
        for (var i = 1; i < names.Count; i++)
        {
            var name = Encoding.Latin1.GetString(names[i].Span);
            if (kind.Add(name))
            {
                if (patterns)
                {
                    JoinPattern(name, reply);
                }
                else
                {
                    JoinChannel(name, reply);
                }
            }

            PubSubFrames.WriteConfirmation(reply.Bytes, confirmation, names[i].Span, false, Count, client.Protocol);
        }
    }

    /// <summary>
    /// (P)UNSUBSCRIBE: one confirmation per argument, or per subscription when there is none, or a single one with a
    /// null name when nothing is subscribed; <paramref name="reply"/> waits until the rooms have let go.
    /// </summary>
    public void Unsubscribe(IReadOnlyList<ReadOnlyMemory<byte>> names, bool patterns, AwaitedReply reply)
    {
        var kind = patterns ? _patterns : _channels;
        var confirmation = patterns ? PubSubFrames.Confirmation.PatternUnsubscribe : PubSubFrames.Confirmation.Unsubscribe;
        if (names.Count == 1)
        {
            if (kind.Count == 0)
            {
                PubSubFrames.WriteConfirmation(reply.Bytes, confirmation, [], true, Count, client.Protocol);
            }

            foreach (var name in kind.ToList())
            {
                Leave(name, patterns, reply);
                PubSubFrames.WriteConfirmation(reply.Bytes, confirmation, Encoding.Latin1.GetBytes(name), false, Count, client.Protocol);
            }

            return;
        }

        for (var i = 1; i < names.Count; i++)
        {
            Leave(Encoding.Latin1.GetString(names[i].Span), patterns, reply);
            PubSubFrames.WriteConfirmation(reply.Bytes, confirmation, names[i].Span, false, Count, client.Protocol);
        }
    }

    /// <summary>Leaves every channel and pattern; <paramref name="reply"/> waits until the rooms have let go.</summary>
    public void LeaveAll(AwaitedReply reply)
    {
        foreach (var room in _channels.ToList())
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
        foreach (var room in _channels)
        {
            JoinChannel(room, reply);
        }

        foreach (var pattern in _patterns)
        {
            JoinPattern(pattern, reply);
        }
    }

    /// <summary>The channels and patterns <paramref name="permissions"/> no longer allows.</summary>
    public (List<string> Channels, List<string> Patterns) Forbidden(RoomPermissions permissions) =>
        (_channels.Where(c => !permissions.CanSubscribe(c)).ToList(), _patterns.Where(p => !permissions.CanSubscribePattern(p)).ToList());

    /// <summary>Ends subscriptions the server takes away, with the frames a client gets when it leaves them itself.</summary>
    public void EndByServer(IEnumerable<string> channels, IEnumerable<string> patterns, AwaitedReply notice)
    {
        foreach (var channel in channels)
        {
            LeaveChannel(channel, notice);
            PubSubFrames.WriteConfirmation(notice.Bytes, PubSubFrames.Confirmation.Unsubscribe, Encoding.Latin1.GetBytes(channel), false, Count, client.Protocol);
        }

        foreach (var pattern in patterns)
        {
            LeavePattern(pattern, notice);
            PubSubFrames.WriteConfirmation(notice.Bytes, PubSubFrames.Confirmation.PatternUnsubscribe, Encoding.Latin1.GetBytes(pattern), false, Count, client.Protocol);
        }
    }

    /// <summary>A room answered a request: a channel being left is confirmed gone.</summary>
    public void RoomRequestCompleted(IRoomCommand request)
    {
        if (request is LeaveRoom leave)
        {
            Decrement(_leavingChannels, leave.Room);
        }
    }

    /// <summary>The room of a subscribed channel stopped (it failed): join its successor.</summary>
    public void RoomStopped(string room)
    {
        if (_channels.Contains(room) && !router.IsPending<JoinRoom>(room))
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

    private void Leave(string name, bool pattern, AwaitedReply reply)
    {
        if (pattern)
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
        if (_channels.Remove(room))
        {
            reply.Outstanding++;
            Increment(_leavingChannels, room);
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
            Increment(_leavingPatterns, pattern);
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
            Decrement(_leavingPatterns, request.Pattern);
        }

        request.Reply.Outstanding--;
        return true;
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
}

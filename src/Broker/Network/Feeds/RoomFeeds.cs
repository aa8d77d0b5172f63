using System.Text;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.Routing;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Stats;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.Feeds;

/// <summary>
/// A connection's room feeds (docs/protocol.md, "Room features"): ROOM.JOIN feeds (one per room, <c>roommsg</c>
/// pushes, RESP3) and <c>SUBSCRIBE room:…</c> feeds (one per channel, envelopes in <c>message</c> frames). The room
/// knows the connection as one feed member whatever the number of its feeds; each join asks the room again for that
/// feed's preamble, and the room's batches are handed to every feed of the room here. Output goes through
/// <see cref="FeedEmitter"/>.
/// </summary>
public sealed class RoomFeeds
{
    private readonly RoomRouter _router;
    private readonly ClientState _client;
    private readonly BrokerSettings _settings;
    private readonly Func<int> _subscriptionCount;
    private readonly ConnectionOutput _output;
    private readonly FeedEmitter _emitter;
    private readonly FeedIndex _index = new();
    private readonly Dictionary<long, (RoomFeed Feed, FeedJoinReply Reply)> _joinReplies = [];

    public RoomFeeds(
        ConnectionOutput output,
        RoomRouter router,
        ClientState client,
        BrokerSettings settings,
        BrokerCounters counters,
        Func<int> subscriptionCount,
        Action<string> shedSlowConsumer)
    {
        _router = router;
        _client = client;
        _settings = settings;
        _subscriptionCount = subscriptionCount;
        _output = output;
        _emitter = new FeedEmitter(output, client, settings, counters, shedSlowConsumer);
    }

    /// <summary>ROOM.JOIN feeds and feed channels: what they add to the subscription count.</summary>
    public int Count => _index.Joined.Count + _index.Channels.Count;

    /// <summary>The <c>room:…</c> channels subscribed.</summary>
    public IReadOnlyCollection<string> Channels => _index.Channels.Keys;

    /// <summary>True when the connection has ROOM.JOIN feeds (they are RESP3 pushes).</summary>
    public bool HasJoinedFeeds => _index.Joined.Count > 0;

    /// <summary>True when this connection is in <paramref name="room"/>'s feed, by ROOM.JOIN or a feed channel.</summary>
    public bool Contains(string room) => _index.Contains(room);

    /// <summary>True when subscribed to the feed channel <paramref name="channel"/>.</summary>
    public bool HasChannel(string channel) => _index.Channels.ContainsKey(channel);

    /// <summary>What ROOM.INFO shows of this connection's feed of <paramref name="room"/> (its ROOM.JOIN, else its first feed channel), or null.</summary>
    public RoomFeedState? StateOf(string room) => _index.Representative(room)?.State();

    /// <summary>True when joining <paramref name="room"/> keeps the connection within its subscription limit.</summary>
    public bool WithinLimit(string room) => _index.Joined.ContainsKey(room) || _subscriptionCount() + 1 <= _settings.MaxSubscriptions;

    /// <summary>The ROOM.JOIN rooms whose feed <paramref name="permissions"/> no longer allows.</summary>
    public List<string> Forbidden(Security.RoomPermissions permissions) => _index.Joined.Keys.Where(r => !permissions.CanSubscribe(r)).ToList();

    /// <summary>The feed channels whose room <paramref name="permissions"/> no longer allows.</summary>
    public List<string> ForbiddenChannels(Security.RoomPermissions permissions) =>
        _index.Channels.Values.Where(f => !permissions.CanSubscribe(f.Room)).Select(f => f.Channel!).ToList();

    /// <summary>
    /// ROOM.JOIN (or a re-join with new options): its reply waits in the pipeline for the room's answer. The
    /// <c>roomjoined</c> confirmation is an ordinary reply (an array, never a push), so it follows CLIENT REPLY.
    /// </summary>
    public void Join(string room, RoomJoinArguments join, bool suppressed)
    {
        if (_index.Joined.Remove(room, out var replaced))
        {
            // Replaced, not left: the room keeps the member and the new join asks for the new preamble.
            Detach(replaced);
        }

        var feed = new RoomFeed(room, join.Policy, join.MaxRate, join.Options);
        _index.Joined.Add(room, feed);
        var count = _subscriptionCount();
        Start(feed, new FeedJoinReply(
            feed,
            (w, joined) => RoomFrames.WriteJoined(w, feed.RoomBytes, joined.Epoch, joined.LastSeq, count, RespProtocol.Resp2),
            suppressed,
            _client.Protocol));
    }

    /// <summary>
    /// SUBSCRIBE to a feed channel not subscribed yet: its <c>subscribe</c> confirmation, the <c>joined</c> envelope and
    /// the preamble leave once the room has the member, so a message published after the client read the confirmation
    /// reaches it.
    /// </summary>
    public void JoinChannel(FeedChannel request)
    {
        var join = request.Join;
        var feed = new RoomFeed(request.Room, join.Policy, join.MaxRate, join.Options, request.Channel);
        _index.Channels.Add(request.Channel, feed);
        var count = _subscriptionCount();
        var protocol = _client.Protocol;
        var channel = Encoding.Latin1.GetBytes(request.Channel);
        Start(feed, new FeedJoinReply(
            feed,
            (w, _) => PubSubFrames.WriteConfirmation(w, PubSubFrames.Confirmation.Subscribe, channel, false, count, protocol),
            suppressed: false,
            protocol));
    }

    /// <summary>ROOM.LEAVE: leaves <paramref name="room"/>'s ROOM.JOIN feed, if in it; <paramref name="reply"/> waits for the room.</summary>
    public void Leave(string room, AwaitedReply reply)
    {
        if (_index.Joined.Remove(room, out var feed))
        {
            Remove(feed, reply);
        }
    }

    /// <summary>UNSUBSCRIBE of a feed channel; <paramref name="reply"/> waits for the room when it was the room's last feed here.</summary>
    public void LeaveChannel(string channel, AwaitedReply reply)
    {
        if (_index.Channels.Remove(channel, out var feed))
        {
            Remove(feed, reply);
        }
    }

    /// <summary>RESET, or a slow consumer's close: leaves every feed; <paramref name="reply"/> waits for the rooms.</summary>
    public void LeaveAll(AwaitedReply reply)
    {
        foreach (var room in _index.Joined.Keys.ToList())
        {
            Leave(room, reply);
        }

        foreach (var channel in _index.Channels.Keys.ToList())
        {
            LeaveChannel(channel, reply);
        }
    }

    /// <summary>After HELLO switched protocol: rooms must encode this member's feed in the new version (nothing replayed).</summary>
    public void RejoinInProtocol(AwaitedReply reply)
    {
        foreach (var room in _index.Rooms)
        {
            reply.Outstanding++;
            _router.Send(JoinRequest(_router.NextRequestId(), room, RoomJoinOptions.LiveOnly, afterRoomLoss: false, structured: true), reply);
        }
    }

    /// <summary>
    /// The room of a feed stopped (it failed): join its successor, which answers with a reset (its new epoch) and
    /// replays whatever it has ordered since it started, so nothing in the new epoch is missed.
    /// </summary>
    public void RoomStopped(string room)
    {
        if (!_index.Contains(room) || _router.IsPending<JoinRoomFeed>(room))
        {
            return;
        }

        var options = new RoomJoinOptions(Snapshot: false, From: 1, Last: null, Presence: false);
        _router.Send(JoinRequest(_router.NextRequestId(), room, options, afterRoomLoss: true, structured: true));
    }

    /// <summary>The room answered a join: that join's reply completes, or a rejoin's preamble goes to every feed of the room.</summary>
    public void Joined(RoomFeedJoined joined)
    {
        if (_joinReplies.Remove(joined.RequestId, out var pending))
        {
            pending.Feed.Answered = true;
            pending.Feed.Epoch = joined.Epoch;
            pending.Reply.Answer(joined);
            return;
        }

        foreach (var feed in _index.Answered(joined.Room))
        {
            feed.Epoch = joined.Epoch;
            if (joined.Parts is { } parts)
            {
                _emitter.Write(feed, w => feed.Format.WritePreamble(w, parts, _client.Protocol));
            }
            else if (feed.Format.UsesRoomFrames)
            {
                _emitter.Frames(feed, joined.Preamble);
            }
        }
    }

    /// <summary>
    /// A batch of a feed's room at <paramref name="now"/> (a Stopwatch time); false when this connection has no feed of
    /// that room. <paramref name="rateLimited"/>: a feed has MAXRATE, so a release may need scheduling.
    /// </summary>
    public bool Deliver(RoomFeedDelivery delivery, TimeSpan now, out bool rateLimited)
    {
        rateLimited = false;
        if (!_index.Contains(delivery.Room))
        {
            return false;
        }

        rateLimited = _emitter.Deliver(_index.Answered(delivery.Room), delivery, now);
        return true;
    }

    /// <summary>A presence or reset notice; false when this connection has no feed of that room.</summary>
    public bool Notice(RoomFeedNotice notice)
    {
        if (!_index.Contains(notice.Room))
        {
            return false;
        }

        _emitter.Notice(_index.Answered(notice.Room), notice);
        return true;
    }

    /// <summary>Once the output is back under the bound, what behind feeds kept goes out.</summary>
    public void DrainIfCaughtUp() => _emitter.DrainIfCaughtUp();

    /// <summary>When the next MAXRATE message is due (the soonest of every feed), or null when none waits.</summary>
    public TimeSpan? NextRelease()
    {
        TimeSpan? due = null;
        foreach (var feed in _index.All)
        {
            if (feed.Limiter?.NextDue() is { } next && (due is null || next < due))
            {
                due = next;
            }
        }

        return due;
    }

    /// <summary>Lets out the MAXRATE messages due at <paramref name="now"/>.</summary>
    public void ReleaseRateLimited(TimeSpan now)
    {
        // A copy: a conflate feed past its key bound sheds the client, which leaves (removes) every feed.
        foreach (var feed in _index.All.ToList())
        {
            if (!_output.IsShed && feed.Limiter?.Release(now) is { Count: > 0 } ready)
            {
                _emitter.Entries(feed, feed.Epoch, ready, null, null);
            }
        }
    }

    /// <summary>The connection is gone: the feeds' backlogs no longer count.</summary>
    public void Release()
    {
        foreach (var feed in _index.All)
        {
            _emitter.Forget(feed);
        }
    }

    private void Start(RoomFeed feed, FeedJoinReply reply)
    {
        _index.AddToRoom(feed);
        var requestId = _router.NextRequestId();
        feed.JoinRequestId = requestId;
        _joinReplies.Add(requestId, (feed, reply));
        _output.Replies.Add(reply);
        _router.Send(JoinRequest(requestId, feed.Room, feed.Options, afterRoomLoss: false, feed.Format.NeedsStructuredPreamble));
    }

    /// <summary>A join of this connection to <paramref name="room"/>; presence is wanted when any of its feeds there asked for it.</summary>
    private JoinRoomFeed JoinRequest(long requestId, string room, RoomJoinOptions options, bool afterRoomLoss, bool structured)
    {
        return new JoinRoomFeed(requestId, room, _client.Protocol, options with { Presence = _index.WantsPresence(room) }, _client.Id, _client.Name, afterRoomLoss, structured);
    }

    /// <summary>Forgets a feed; the room lets go of this connection only with its last feed there.</summary>
    private void Remove(RoomFeed feed, AwaitedReply reply)
    {
        if (Detach(feed))
        {
            reply.Outstanding++;
            _router.Send(new LeaveRoomFeed(_router.NextRequestId(), feed.Room), reply);
        }
    }

    /// <summary>Forgets a feed here; true when it was this connection's last feed of its room.</summary>
    private bool Detach(RoomFeed feed)
    {
        _emitter.Forget(feed);
        return _index.RemoveFromRoom(feed);
    }
}

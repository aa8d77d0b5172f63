using System.Buffers;
using System.Diagnostics;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.Routing;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Broker.Stats;
using Akka.IO;

namespace ActorRooms.Broker.Network.Feeds;

/// <summary>
/// A connection's ROOM.JOIN feeds (docs/protocol.md, "Room features"): joining and leaving them, and their messages.
/// While the output keeps up, a feed queues each batch as the room's pre-encoded frames; a drop-oldest or conflate
/// feed whose output is behind keeps the entries by its policy instead, and a MAXRATE feed lets them through its
/// limiter. Messages that arrive while a join reply still waits behind earlier replies are held for it.
/// </summary>
public sealed class RoomFeeds(
    ConnectionOutput output,
    RoomRouter router,
    ClientState client,
    BrokerSettings settings,
    BrokerCounters counters,
    Func<int> subscriptionCount,
    Action<string> shedSlowConsumer)
{
    private readonly Dictionary<string, RoomFeed> _feeds = [];
    private readonly HashSet<RoomFeed> _behind = [];
    private readonly Dictionary<long, RoomJoinReply> _joinReplies = [];

    public int Count => _feeds.Count;

    /// <summary>True when this connection is in <paramref name="room"/>'s feed.</summary>
    public bool Contains(string room) => _feeds.ContainsKey(room);

    /// <summary>What ROOM.INFO shows of this connection's feed of <paramref name="room"/>, or null.</summary>
    public RoomFeedState? StateOf(string room) => _feeds.GetValueOrDefault(room)?.State();

    /// <summary>True when joining <paramref name="room"/> keeps the connection within its subscription limit.</summary>
    public bool WithinLimit(string room) => _feeds.ContainsKey(room) || subscriptionCount() + 1 <= settings.MaxSubscriptions;

    /// <summary>The rooms whose feed <paramref name="permissions"/> no longer allows.</summary>
    public List<string> Forbidden(Security.RoomPermissions permissions) => _feeds.Keys.Where(r => !permissions.CanSubscribe(r)).ToList();

    /// <summary>Joins (or re-joins with new options) <paramref name="room"/>; its reply waits in the pipeline for the room's answer.</summary>
    public void Join(string room, RoomJoinArguments join)
    {
        if (_feeds.Remove(room, out var replaced))
        {
            Forget(replaced);
        }

        var feed = new RoomFeed(room, join.Policy, join.MaxRate, join.Options);
        _feeds.Add(room, feed);
        var requestId = router.NextRequestId();
        feed.JoinRequestId = requestId;
        var reply = new RoomJoinReply(feed, subscriptionCount(), client.Protocol);
        _joinReplies.Add(requestId, reply);
        output.Replies.Add(reply);
        router.Send(new JoinRoomFeed(requestId, room, client.Protocol, join.Options, client.Id, client.Name));
    }

    /// <summary>Leaves <paramref name="room"/>'s feed, if in it; <paramref name="reply"/> waits for the room.</summary>
    public void Leave(string room, AwaitedReply reply)
    {
        if (_feeds.Remove(room, out var feed))
        {
            Forget(feed);
            reply.Outstanding++;
            router.Send(new LeaveRoomFeed(router.NextRequestId(), room), reply);
        }
    }

    /// <summary>RESET, or a slow consumer's close: leaves every room feed; <paramref name="reply"/> waits for the rooms.</summary>
    public void LeaveAll(AwaitedReply reply)
    {
        foreach (var room in _feeds.Keys.ToList())
        {
            Leave(room, reply);
        }
    }

    /// <summary>After HELLO switched protocol: rooms must encode this member's feed in the new version (nothing replayed).</summary>
    public void RejoinInProtocol(AwaitedReply reply)
    {
        foreach (var feed in _feeds.Values)
        {
            reply.Outstanding++;
            var options = RoomJoinOptions.LiveOnly with { Presence = feed.Options.Presence };
            router.Send(new JoinRoomFeed(router.NextRequestId(), feed.Room, client.Protocol, options, client.Id, client.Name), reply);
        }
    }

    /// <summary>
    /// The room of a feed stopped (it failed): join its successor, which answers with <c>roomreset</c> (its new epoch)
    /// and replays whatever it has ordered since it started, so nothing in the new epoch is missed.
    /// </summary>
    public void RoomStopped(string room)
    {
        if (!_feeds.TryGetValue(room, out var feed) || router.IsPending<JoinRoomFeed>(room))
        {
            return;
        }

        var options = new RoomJoinOptions(Snapshot: false, From: 1, Last: null, feed.Options.Presence);
        router.Send(new JoinRoomFeed(router.NextRequestId(), room, client.Protocol, options, client.Id, client.Name, AfterRoomLoss: true));
    }

    /// <summary>The room answered a join: the join reply completes, or a rejoin's preamble goes out before what follows it.</summary>
    public void Joined(RoomFeedJoined joined)
    {
        if (_joinReplies.Remove(joined.RequestId, out var reply))
        {
            if (_feeds.TryGetValue(joined.Room, out var joining) && joining.JoinRequestId == joined.RequestId)
            {
                joining.Epoch = joined.Epoch;
            }

            reply.Answer(joined);
        }
        else if (_feeds.TryGetValue(joined.Room, out var feed))
        {
            feed.Epoch = joined.Epoch;
            EmitFrames(feed, joined.Preamble);
        }
    }

    /// <summary>
    /// A batch of a feed's room at <paramref name="now"/> (a Stopwatch time); false when this connection is not (or no
    /// longer) in that feed. <paramref name="rateLimited"/>: the feed has MAXRATE, so a release may need scheduling.
    /// </summary>
    public bool Deliver(RoomFeedDelivery delivery, TimeSpan now, out bool rateLimited)
    {
        rateLimited = false;
        if (!_feeds.TryGetValue(delivery.Room, out var feed))
        {
            return false;
        }

        feed.Epoch = delivery.Epoch;
        // now and OrderedAt are both Stopwatch times: the latency since the room ordered this batch.
        var sinceOrdered = now - Stopwatch.GetElapsedTime(0, delivery.OrderedAt);
        if (feed.Limiter is { } limiter)
        {
            rateLimited = true;
            var ready = limiter.Offer(delivery.Entries, now);
            if (ready.Count > 0)
            {
                EmitEntries(feed, delivery.Epoch, ready, null, sinceOrdered);
            }
        }
        else
        {
            EmitEntries(feed, delivery.Epoch, delivery.Entries, delivery.Frames, sinceOrdered);
        }

        return true;
    }

    /// <summary>A presence notice; false when this connection is not in that feed.</summary>
    public bool Notice(RoomFeedNotice notice)
    {
        if (!_feeds.TryGetValue(notice.Room, out var feed))
        {
            return false;
        }

        EmitFrames(feed, notice.Frame);
        return true;
    }

    /// <summary>Once the output is back under the bound, what behind feeds kept goes out.</summary>
    public void DrainIfCaughtUp()
    {
        if (_behind.Count == 0 || output.IsShed || output.HeldBytes > settings.RoomFeatures.MemberBehindBytes)
        {
            return;
        }

        foreach (var feed in _behind.ToList())
        {
            Drain(feed);
        }
    }

    /// <summary>When the next MAXRATE message is due (the soonest of every feed), or null when none waits.</summary>
    public TimeSpan? NextRelease()
    {
        TimeSpan? due = null;
        foreach (var feed in _feeds.Values)
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
        foreach (var feed in _feeds.Values.ToList())
        {
            if (!output.IsShed && feed.Limiter?.Release(now) is { Count: > 0 } ready)
            {
                EmitEntries(feed, feed.Epoch, ready, null, null);
            }
        }
    }

    /// <summary>The connection is gone: the feeds' backlogs no longer count.</summary>
    public void Release()
    {
        foreach (var feed in _feeds.Values)
        {
            Forget(feed);
        }
    }

    /// <summary>
    /// The healthy path queues the room's shared frames as they are. A feed whose join reply is still waiting holds
    /// them; a drop-oldest or conflate feed whose connection is behind keeps the entries by its policy instead.
    /// </summary>
    private void EmitEntries(RoomFeed feed, long epoch, IReadOnlyList<RoomEntry> entries, ByteString? frames, TimeSpan? sinceOrdered)
    {
        if (feed.JoinRequestId is not null)
        {
            feed.Hold(frames ?? SharedFrames.RoomMessages(feed.Prefix(client.Protocol), epoch, entries, client.Protocol));
            return;
        }

        if (feed.Policy != RoomMemberPolicy.Disconnect)
        {
            if (feed.IsBehind && feed.BacklogEpoch != epoch)
            {
                Drain(feed);
            }

            if (feed.IsBehind || output.HeldBytes > settings.RoomFeatures.MemberBehindBytes)
            {
                KeepWhileBehind(feed, epoch, entries);
                return;
            }
        }

        output.Queue.Enqueue(frames ?? SharedFrames.RoomMessages(feed.Prefix(client.Protocol), epoch, entries, client.Protocol));
        feed.Record(entries.Count, sinceOrdered ?? SinceOrdered(entries[0]));
    }

    private void KeepWhileBehind(RoomFeed feed, long epoch, IReadOnlyList<RoomEntry> entries)
    {
        var limits = settings.RoomFeatures;
        var fits = feed.TakeWhileBehind(entries, epoch, limits.MemberBacklogBytes, limits.MaxKeys, out var backlogDelta, out var dropped, out var conflated);
        counters.RoomFeedBehind(backlogDelta, dropped, conflated);
        _behind.Add(feed);
        if (!fits && !output.IsShed)
        {
            shedSlowConsumer($"room '{feed.Room}' would conflate more than {limits.MaxKeys} keys");
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
            output.Queue.Enqueue(frames);
        }
    }

    private void Drain(RoomFeed feed)
    {
        var writer = new ArrayBufferWriter<byte>();
        var (released, _) = feed.DrainTo(writer, client.Protocol);
        counters.RoomFeedBehind(-released, 0, 0);
        _behind.Remove(feed);
        if (writer.WrittenCount > 0)
        {
            output.Queue.Enqueue(ByteString.FromBytes(writer.WrittenSpan.ToArray()));
        }
    }

    private void Forget(RoomFeed feed)
    {
        _behind.Remove(feed);
        counters.RoomFeedBehind(-feed.Release(), 0, 0);
    }

    private static TimeSpan SinceOrdered(RoomEntry entry) =>
        TimeSpan.FromMilliseconds(Math.Max(0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - entry.TimeMs));
}

using System.Buffers;
using System.Diagnostics;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Stats;
using ActorRooms.Protocol.Resp;
using Akka.IO;

namespace ActorRooms.Broker.Network.Feeds;

/// <summary>
/// Puts a connection's feed messages and notices on its output: the room's shared frames as they are while the output
/// keeps up, frames held for a join reply that has not left yet, and by policy while the output is behind (a
/// drop-oldest backlog or the newest per key), drained once it is back under the bound.
/// </summary>
public sealed class FeedEmitter(
    ConnectionOutput output,
    ClientState client,
    BrokerSettings settings,
    BrokerCounters counters,
    Action<string> shedSlowConsumer)
{
    private readonly HashSet<RoomFeed> _behind = [];
    // Made on first use: most connections never join a room feed, and an idle connection's bytes count (4 KiB here).
    private ArrayBufferWriter<byte>? _scratch;

    /// <summary>
    /// Messages of <paramref name="feed"/>: <paramref name="frames"/> are the room's shared frames for it, or null when
    /// the feed encodes them itself (an envelope feed, or a MAXRATE release).
    /// </summary>
    public void Entries(RoomFeed feed, long epoch, IReadOnlyList<RoomEntry> entries, ByteString? frames, TimeSpan? sinceOrdered)
    {
        if (feed.JoinRequestId is not null)
        {
            feed.Hold(frames ?? Encode(w => feed.Format.WriteMessages(w, epoch, entries, client.Protocol)));
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

        output.Queue.Enqueue(frames ?? Encode(w => feed.Format.WriteMessages(w, epoch, entries, client.Protocol)));
        feed.Record(entries.Count, sinceOrdered ?? SinceOrdered(entries[0]));
    }

    /// <summary>Notices and preambles: queued in order with the feed's messages, never dropped or conflated.</summary>
    public void Frames(RoomFeed feed, ByteString frames)
    {
        if (frames.IsEmpty)
        {
            return;
        }

        if (feed.JoinRequestId is not null)
        {
            feed.Hold(frames);
        }
        else
        {
            output.Queue.Enqueue(frames);
        }
    }

    /// <summary>As <see cref="Frames"/>, for what the feed's format writes.</summary>
    public void Write(RoomFeed feed, Action<IBufferWriter<byte>> write) => Frames(feed, Encode(write));

    /// <summary>A room's batch to <paramref name="feeds"/> (its answered feeds here); true when one of them has MAXRATE.</summary>
    public bool Deliver(IReadOnlyList<RoomFeed> feeds, RoomFeedDelivery delivery, TimeSpan now)
    {
        var rateLimited = false;
        // now and OrderedAt are both Stopwatch times: the latency since the room ordered this batch.
        var sinceOrdered = now - Stopwatch.GetElapsedTime(0, delivery.OrderedAt);
        foreach (var feed in feeds)
        {
            if (output.IsShed)
            {
                break;
            }

            feed.Epoch = delivery.Epoch;
            if (feed.Limiter is { } limiter)
            {
                rateLimited = true;
                var ready = limiter.Offer(delivery.Entries, now);
                if (ready.Count > 0)
                {
                    Entries(feed, delivery.Epoch, ready, null, sinceOrdered);
                }
            }
            else
            {
                Entries(feed, delivery.Epoch, delivery.Entries, feed.Format.UsesRoomFrames ? delivery.Frames : null, sinceOrdered);
            }
        }

        return rateLimited;
    }

    /// <summary>A presence or reset notice to <paramref name="feeds"/>: presence only to those that asked for it.</summary>
    public void Notice(IReadOnlyList<RoomFeed> feeds, RoomFeedNotice notice)
    {
        foreach (var feed in feeds)
        {
            if (notice.Notice is FeedPresenceNotice && !feed.Options.Presence)
            {
                continue;
            }

            if (feed.Format.UsesRoomFrames)
            {
                Frames(feed, notice.Frame);
            }
            else if (notice.Notice is { } data)
            {
                Write(feed, w => feed.Format.WriteNotice(w, feed.Epoch, data, client.Protocol));
            }
        }

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

    /// <summary>A feed is gone: its backlog no longer counts.</summary>
    public void Forget(RoomFeed feed)
    {
        _behind.Remove(feed);
        counters.RoomFeedBehind(-feed.Release(), 0, 0);
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

    private void Drain(RoomFeed feed)
    {
        var released = 0L;
        var frames = Encode(w => released = feed.DrainTo(w, client.Protocol).Released);
        counters.RoomFeedBehind(-released, 0, 0);
        _behind.Remove(feed);
        if (!frames.IsEmpty)
        {
            output.Queue.Enqueue(frames);
        }
    }

    // One reused scratch buffer per connection; the frames are copied out in segments under the large-object threshold.
    private ByteString Encode(Action<IBufferWriter<byte>> write)
    {
        _scratch ??= new ArrayBufferWriter<byte>(4096);
        _scratch.ResetWrittenCount();
        write(_scratch);
        var written = _scratch.WrittenMemory;
        var result = ByteString.Empty;
        for (var at = 0; at < written.Length; at += PubSubFrames.SegmentSize)
        {
            var segment = ByteString.FromBytes(written.Slice(at, Math.Min(PubSubFrames.SegmentSize, written.Length - at)).ToArray());
            result = result.IsEmpty ? segment : result.Concat(segment);
        }

        return result;
    }

    private static TimeSpan SinceOrdered(RoomEntry entry) =>
        TimeSpan.FromMilliseconds(Math.Max(0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - entry.TimeMs));
}

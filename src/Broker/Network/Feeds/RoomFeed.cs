using System.Buffers;
using System.Text;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Rooms;
using ActorRooms.Protocol.Resp;
using Akka.IO;
using HdrHistogram;

namespace ActorRooms.Broker.Network.Feeds;

/// <summary>
/// One room feed of a connection (a ROOM.JOIN, or a <c>SUBSCRIBE room:…</c> channel): its options and wire format,
/// what it holds back while its join reply waits in the reply pipeline, and what its policy keeps while the
/// connection's output is behind — a bounded backlog with a gap range (drop-oldest) or the newest message per key
/// (conflate). A plain class driven by the connection actor, so the policies are tested without sockets.
/// </summary>
public sealed class RoomFeed
{
    private readonly List<ByteString> _heldForJoinReply = [];
    private readonly Queue<RoomEntry> _backlog = new();
    private readonly Dictionary<string, RoomEntry> _newestByKey = new(StringComparer.Ordinal);
    private RoomEntry? _newestUnkeyed;
    private long _backlogEpoch;
    private long _gapFrom;
    private long _gapTo;
    private long _behindFrom;
    private long _behindTo;
    private long _conflatedThisEpisode;
    /// <summary>A ROOM.JOIN feed (<c>roommsg</c> pushes).</summary>
    public RoomFeed(string room, RoomMemberPolicy policy, int maxRate, RoomJoinOptions options)
        : this(room, policy, maxRate, options, channel: null)
    {
    }

    /// <summary>A feed in the format its <paramref name="channel"/> asks for: envelopes on that channel, or <c>roommsg</c> pushes when null.</summary>
    public RoomFeed(string room, RoomMemberPolicy policy, int maxRate, RoomJoinOptions options, string? channel)
    {
        Room = room;
        RoomBytes = Encoding.Latin1.GetBytes(room);
        Policy = policy;
        Options = options;
        Channel = channel;
        Format = channel is null ? new RoomPushFormat(RoomBytes) : new EnvelopeFormat(Encoding.Latin1.GetBytes(channel), RoomBytes);
        Limiter = maxRate > 0 ? new KeyRateLimiter(maxRate) : null;
    }

    public string Room { get; }

    /// <summary>The SUBSCRIBE channel of an envelope feed; null for ROOM.JOIN.</summary>
    public string? Channel { get; }

    /// <summary>How this feed's messages and notices are written.</summary>
    public IFeedFormat Format { get; }

    /// <summary>
    /// The room has answered this feed's join: deliveries count from then on. Until then the connection may still get
    /// batches ordered before the join (its other feeds of the room), which this feed's preamble already covers.
    /// </summary>
    public bool Answered { get; set; }

    public byte[] RoomBytes { get; }

    public RoomMemberPolicy Policy { get; }

    public RoomJoinOptions Options { get; }

    /// <summary>MAXRATE's limiter, or null without MAXRATE.</summary>
    public KeyRateLimiter? Limiter { get; }

    /// <summary>The epoch of the latest message or join answer.</summary>
    public long Epoch { get; set; }

    /// <summary>The epoch of what is kept while behind: a message of another epoch must not join it.</summary>
    public long BacklogEpoch => _backlogEpoch;

    /// <summary>The ROOM.JOIN request whose reply is not written yet; messages wait behind it (see <see cref="Hold"/>).</summary>
    public long? JoinRequestId { get; set; }

    public long Delivered { get; private set; }

    public long Dropped { get; private set; }

    public long Conflated => _conflatedTotal + (Limiter?.Conflated ?? 0);

    /// <summary>Payload bytes kept while behind: what this feed adds to the broker's memory beyond the output queue.</summary>
    public long BacklogBytes { get; private set; }

    public bool IsBehind => _backlog.Count > 0 || _newestByKey.Count > 0 || _newestUnkeyed is not null || _gapTo > 0;

    // Publish-to-deliver latency in microseconds, up to 10 s (later values count as 10 s); made on the first delivery,
    // as it is the largest thing a feed holds (about 18 KB).
    private LongHistogram? _latency;

    private long _conflatedTotal;

    /// <summary>Keeps frames that arrived before the join reply left; <see cref="TakeHeld"/> writes them right after it.</summary>
    public void Hold(ByteString frames) => _heldForJoinReply.Add(frames);

    /// <summary>The frames held for the join reply, in order; the feed is live from now on.</summary>
    public IReadOnlyList<ByteString> TakeHeld()
    {
        JoinRequestId = null;
        var held = _heldForJoinReply.ToList();
        _heldForJoinReply.Clear();
        return held;
    }

    /// <summary>Counts messages that went to the output, with their latency since the room ordered them.</summary>
    public void Record(int messages, TimeSpan sinceOrdered)
    {
        Delivered += messages;
        _latency ??= NewLatencyHistogram();
        _latency.RecordValueWithCount(Math.Clamp((long)sinceOrdered.TotalMicroseconds, 0, _latency.HighestTrackableValue), messages);
    }

    /// <summary>
    /// Takes messages while the output is behind, by policy. Returns false when conflation would need more keys than
    /// <paramref name="maxKeys"/>: the connection then treats the member as a slow consumer (memory stays bounded).
    /// <paramref name="backlogDelta"/>, <paramref name="dropped"/> and <paramref name="conflated"/> are for the broker's counters.
    /// </summary>
    public bool TakeWhileBehind(IReadOnlyList<RoomEntry> entries, long epoch, long maxBacklogBytes, int maxKeys, out long backlogDelta, out long dropped, out long conflated)
    {
        var bytesBefore = BacklogBytes;
        var droppedBefore = Dropped;
        var conflatedBefore = _conflatedTotal;
        _backlogEpoch = epoch;
        var fits = true;
        foreach (var entry in entries)
        {
            _behindFrom = _behindFrom == 0 ? entry.Seq : _behindFrom;
            _behindTo = entry.Seq;
            if (Policy == RoomMemberPolicy.DropOldest)
            {
                _backlog.Enqueue(entry);
                BacklogBytes += entry.Payload.Length;
                while (BacklogBytes > maxBacklogBytes && _backlog.Count > 0)
                {
                    var oldest = _backlog.Dequeue();
                    BacklogBytes -= oldest.Payload.Length;
                    _gapFrom = _gapTo == 0 ? oldest.Seq : _gapFrom;
                    _gapTo = oldest.Seq;
                    Dropped++;
                }
            }
            else
            {
                fits &= Conflate(entry, maxKeys);
            }
        }

        backlogDelta = BacklogBytes - bytesBefore;
        dropped = Dropped - droppedBefore;
        conflated = _conflatedTotal - conflatedBefore;
        return fits;
    }

    /// <summary>
    /// Writes what was kept while behind, in <paramref name="protocol"/>: a <c>roomgap</c> with the exact dropped range
    /// and the backlog (drop-oldest), or a <c>roomconflated</c> notice when anything was replaced and the newest message
    /// per key in seq order (conflate). Returns the backlog bytes released and the messages written.
    /// </summary>
    public (long Released, int Messages) DrainTo(IBufferWriter<byte> writer, RespProtocol protocol)
    {
        var released = BacklogBytes;
        List<RoomEntry> entries;
        if (Policy == RoomMemberPolicy.DropOldest)
        {
            if (_gapTo > 0)
            {
                Format.WriteGap(writer, _backlogEpoch, _gapFrom, _gapTo, protocol);
            }

            entries = [.. _backlog];
            _backlog.Clear();
        }
        else
        {
            if (_conflatedThisEpisode > 0)
            {
                Format.WriteConflated(writer, _backlogEpoch, _behindFrom, _behindTo, protocol);
            }

            entries = [.. _newestByKey.Values];
            if (_newestUnkeyed is { } unkeyed)
            {
                entries.Add(unkeyed);
            }

            entries.Sort((a, b) => a.Seq.CompareTo(b.Seq));
            _newestByKey.Clear();
            _newestUnkeyed = null;
        }

        Format.WriteMessages(writer, _backlogEpoch, entries, protocol);
        Delivered += entries.Count;
        BacklogBytes = 0;
        _gapFrom = _gapTo = 0;
        _behindFrom = _behindTo = 0;
        _conflatedThisEpisode = 0;
        return (released, entries.Count);
    }

    /// <summary>Bytes still counted as backlog when the connection goes away.</summary>
    public long Release()
    {
        var held = BacklogBytes;
        BacklogBytes = 0;
        _backlog.Clear();
        _newestByKey.Clear();
        _newestUnkeyed = null;
        return held;
    }

    /// <summary>What ROOM.INFO shows of this feed.</summary>
    public RoomFeedState State() => new(
        Policy switch
        {
            RoomMemberPolicy.DropOldest => "drop-oldest",
            RoomMemberPolicy.Conflate => "conflate",
            _ => "disconnect",
        },
        Limiter?.PerSecond ?? 0,
        Delivered,
        Dropped,
        Conflated,
        BacklogBytes,
        _latency?.Copy() ?? NewLatencyHistogram());

    private static LongHistogram NewLatencyHistogram() => new(10_000_000, 2);

    private bool Conflate(RoomEntry entry, int maxKeys)
    {
        RoomEntry? replaced;
        if (entry.Key is null)
        {
            replaced = _newestUnkeyed;
            _newestUnkeyed = entry;
        }
        else
        {
            replaced = _newestByKey.TryGetValue(entry.Key, out var previous) ? previous : null;
            if (replaced is null && _newestByKey.Count >= maxKeys)
            {
                return false;
            }

            _newestByKey[entry.Key] = entry;
        }

        BacklogBytes += entry.Payload.Length;
        if (replaced is { } old)
        {
            BacklogBytes -= old.Payload.Length;
            _conflatedTotal++;
            _conflatedThisEpisode++;
        }

        return true;
    }
}

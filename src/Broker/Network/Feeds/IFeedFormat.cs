using System.Buffers;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.Feeds;

/// <summary>
/// How one room feed of a connection looks on the wire: <c>roommsg</c> and the other room pushes (ROOM.JOIN, RESP3),
/// or <c>message</c> frames on the subscribed channel carrying a JSON envelope (<c>SUBSCRIBE room:…</c>, any client).
/// Every message and notice of a feed goes through its format, so the policies (drop-oldest, conflate, MAXRATE) and
/// the preamble work the same for both.
/// </summary>
public interface IFeedFormat
{
    /// <summary>True when the room's shared <c>roommsg</c> frames are this feed's frames and can be queued as they are.</summary>
    bool UsesRoomFrames { get; }

    /// <summary>True when the room must send the preamble as data (<see cref="FeedPreambleParts"/>) rather than frames.</summary>
    bool NeedsStructuredPreamble { get; }

    /// <summary>What starts the feed, before its preamble (the envelope form's <c>joined</c>; nothing for ROOM.JOIN, whose reply says it).</summary>
    void WriteJoined(IBufferWriter<byte> writer, long epoch, long lastSeq, RespProtocol protocol);

    void WriteMessages(IBufferWriter<byte> writer, long epoch, IReadOnlyList<RoomEntry> entries, RespProtocol protocol);

    void WriteReset(IBufferWriter<byte> writer, long epoch, long lastSeq, RespProtocol protocol);

    void WriteSnapshotEnd(IBufferWriter<byte> writer, long epoch, long lastSeq, long keys, RespProtocol protocol);

    void WriteExhausted(IBufferWriter<byte> writer, long epoch, long requested, long oldest, RespProtocol protocol);

    void WriteGap(IBufferWriter<byte> writer, long epoch, long from, long to, RespProtocol protocol);

    void WriteConflated(IBufferWriter<byte> writer, long epoch, long from, long to, RespProtocol protocol);

    void WritePresence(IBufferWriter<byte> writer, long epoch, FeedPresenceNotice presence, RespProtocol protocol);
}

/// <summary>What every feed format writes the same way from its parts.</summary>
public static class FeedFormats
{
    /// <summary>The preamble in <paramref name="format"/>: reset, exhausted, the entries, the end of the snapshot.</summary>
    public static void WritePreamble(this IFeedFormat format, IBufferWriter<byte> writer, FeedPreambleParts parts, RespProtocol protocol)
    {
        if (parts.Reset)
        {
            format.WriteReset(writer, parts.Epoch, parts.LastSeq, protocol);
        }

        if (parts.ExhaustedFrom is { } requested)
        {
            format.WriteExhausted(writer, parts.Epoch, requested, parts.ExhaustedOldest!.Value, protocol);
        }

        format.WriteMessages(writer, parts.Epoch, parts.Entries, protocol);
        if (parts.Snapshot)
        {
            format.WriteSnapshotEnd(writer, parts.Epoch, parts.LastSeq, parts.Entries.Count, protocol);
        }
    }

    /// <summary>A room notice given as data, in <paramref name="format"/>.</summary>
    public static void WriteNotice(this IFeedFormat format, IBufferWriter<byte> writer, long epoch, FeedNotice notice, RespProtocol protocol)
    {
        switch (notice)
        {
            case FeedResetNotice reset:
                format.WriteReset(writer, reset.Epoch, reset.LastSeq, protocol);
                break;
            case FeedPresenceNotice presence:
                format.WritePresence(writer, epoch, presence, protocol);
                break;
        }
    }
}

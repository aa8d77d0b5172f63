using System.Buffers;
using System.Text;

namespace ActorRooms.Protocol.Resp;

/// <summary>
/// The push frames of the room features, byte for byte (docs/protocol.md, "Room features"). Every frame is a RESP2
/// array or a RESP3 push whose first element names its kind; a client receives them only after ROOM.JOIN.
/// </summary>
public static class RoomFrames
{
    /// <summary>The constant head of every <c>roommsg</c> frame of one room: <c>*7 $7 roommsg $&lt;n&gt; &lt;room&gt;</c> (<c>&gt;7</c> in RESP3).</summary>
    public static byte[] MessagePrefix(ReadOnlySpan<byte> room, RespProtocol protocol)
    {
        var writer = new ArrayBufferWriter<byte>();
        RespWriter.PushHeader(writer, 7, protocol);
        RespWriter.BulkString(writer, RoomPushKinds.MessageBytes);
        RespWriter.BulkString(writer, room);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// <c>prefix :&lt;epoch&gt; :&lt;seq&gt; $&lt;k&gt; &lt;key&gt; :&lt;time-ms&gt; $&lt;n&gt; &lt;payload&gt;</c> for every entry, into new
    /// buffers handed to <paramref name="sink"/>, cut as <see cref="SegmentWriter{TSink}"/> says (frames never straddle
    /// buffers). An entry without a key has a null key: <c>$-1</c> in RESP2, <c>_</c> in RESP3.
    /// </summary>
    public static void EncodeMessages<TEntry, TSink>(ReadOnlySpan<byte> prefix, long epoch, IReadOnlyList<TEntry> entries, RespProtocol protocol, ref TSink sink)
        where TEntry : IRoomMessage
        where TSink : ISegmentSink
    {
        long total = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            total += MessageSize(prefix.Length, epoch, entries[i], protocol);
        }

        var segments = new SegmentWriter<TSink>(ref sink, total);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            WriteMessage(segments.Next(MessageSize(prefix.Length, epoch, entry, protocol)), prefix, epoch, entry, protocol);
        }

        segments.Complete();
    }

    /// <summary>Writes the <c>roommsg</c> frames of <paramref name="entries"/> into <paramref name="writer"/>.</summary>
    public static void WriteMessages<TEntry>(IBufferWriter<byte> writer, ReadOnlySpan<byte> prefix, long epoch, IEnumerable<TEntry> entries, RespProtocol protocol)
        where TEntry : IRoomMessage
    {
        foreach (var entry in entries)
        {
            var size = MessageSize(prefix.Length, epoch, entry, protocol);
            writer.Advance(WriteMessage(writer.GetSpan(size), prefix, epoch, entry, protocol));
        }
    }

    /// <summary><c>*5 $7 roomgap $&lt;n&gt; &lt;room&gt; :&lt;epoch&gt; :&lt;from&gt; :&lt;to&gt;</c>: messages from..to (inclusive) were dropped for this subscriber.</summary>
    public static void WriteGap(IBufferWriter<byte> writer, ReadOnlySpan<byte> room, long epoch, long from, long to, RespProtocol protocol) =>
        WriteNotice(writer, RoomPushKinds.GapBytes, room, protocol, epoch, from, to);

    /// <summary><c>*5 $13 roomconflated $&lt;n&gt; &lt;room&gt; :&lt;epoch&gt; :&lt;from&gt; :&lt;to&gt;</c>: of from..to, only the newest message per key follows.</summary>
    public static void WriteConflated(IBufferWriter<byte> writer, ReadOnlySpan<byte> room, long epoch, long from, long to, RespProtocol protocol) =>
        WriteNotice(writer, RoomPushKinds.ConflatedBytes, room, protocol, epoch, from, to);

    /// <summary><c>*5 $13 roomexhausted $&lt;n&gt; &lt;room&gt; :&lt;epoch&gt; :&lt;requested&gt; :&lt;oldest&gt;</c>: requested..oldest-1 are no longer in the history.</summary>
    public static void WriteExhausted(IBufferWriter<byte> writer, ReadOnlySpan<byte> room, long epoch, long requested, long oldest, RespProtocol protocol) =>
        WriteNotice(writer, RoomPushKinds.ExhaustedBytes, room, protocol, epoch, requested, oldest);

    /// <summary><c>*5 $12 roomsnapshot $&lt;n&gt; &lt;room&gt; :&lt;epoch&gt; :&lt;last-seq&gt; :&lt;keys&gt;</c>: the snapshot is complete; live messages follow from last-seq + 1.</summary>
    public static void WriteSnapshotEnd(IBufferWriter<byte> writer, ReadOnlySpan<byte> room, long epoch, long lastSeq, long keys, RespProtocol protocol) =>
        WriteNotice(writer, RoomPushKinds.SnapshotBytes, room, protocol, epoch, lastSeq, keys);

    /// <summary><c>*4 $9 roomreset $&lt;n&gt; &lt;room&gt; :&lt;epoch&gt; :&lt;last-seq&gt;</c>: the room lost its state; numbering starts again in the new epoch.</summary>
    public static void WriteReset(IBufferWriter<byte> writer, ReadOnlySpan<byte> room, long epoch, long lastSeq, RespProtocol protocol) =>
        WriteNotice(writer, RoomPushKinds.ResetBytes, room, protocol, epoch, lastSeq);

    /// <summary><c>*5 $10 roomjoined $&lt;n&gt; &lt;room&gt; :&lt;epoch&gt; :&lt;last-seq&gt; :&lt;subscriptions&gt;</c>: the ROOM.JOIN confirmation.</summary>
    public static void WriteJoined(IBufferWriter<byte> writer, ReadOnlySpan<byte> room, long epoch, long lastSeq, long subscriptions, RespProtocol protocol) =>
        WriteNotice(writer, RoomPushKinds.JoinedBytes, room, protocol, epoch, lastSeq, subscriptions);

    /// <summary><c>*3 $8 roomleft $&lt;n&gt; &lt;room&gt; :&lt;subscriptions&gt;</c>: the ROOM.LEAVE confirmation.</summary>
    public static void WriteLeft(IBufferWriter<byte> writer, ReadOnlySpan<byte> room, long subscriptions, RespProtocol protocol) =>
        WriteNotice(writer, RoomPushKinds.LeftBytes, room, protocol, subscriptions);

    /// <summary>
    /// <c>*5 $8 roomjoin $&lt;n&gt; &lt;room&gt; :&lt;client-id&gt; $&lt;k&gt; &lt;client-name&gt; :&lt;members&gt;</c> (or <c>roomleave</c>):
    /// a ROOM.JOIN member came or went; the name is empty when the client set none; members counts ROOM.JOIN members after the change.
    /// </summary>
    public static void WritePresence(IBufferWriter<byte> writer, bool joined, ReadOnlySpan<byte> room, long clientId, string? clientName, long members, RespProtocol protocol)
    {
        RespWriter.PushHeader(writer, 5, protocol);
        RespWriter.BulkString(writer, joined ? RoomPushKinds.MemberJoinedBytes : RoomPushKinds.MemberLeftBytes);
        RespWriter.BulkString(writer, room);
        RespWriter.Integer(writer, clientId);
        RespWriter.BulkString(writer, Encoding.Latin1.GetBytes(clientName ?? string.Empty));
        RespWriter.Integer(writer, members);
    }

    private static void WriteNotice(IBufferWriter<byte> writer, ReadOnlySpan<byte> kind, ReadOnlySpan<byte> room, RespProtocol protocol, params ReadOnlySpan<long> numbers)
    {
        RespWriter.PushHeader(writer, 2 + numbers.Length, protocol);
        RespWriter.BulkString(writer, kind);
        RespWriter.BulkString(writer, room);
        foreach (var number in numbers)
        {
            RespWriter.Integer(writer, number);
        }
    }

    private static int MessageSize<TEntry>(int prefixLength, long epoch, TEntry entry, RespProtocol protocol)
        where TEntry : IRoomMessage =>
        prefixLength
        + RespWriter.HeaderSize(epoch)
        + RespWriter.HeaderSize(entry.Seq)
        + (entry.Key is null ? (protocol == RespProtocol.Resp3 ? 3 : 5) : RespWriter.BulkStringSize(entry.Key.Length))
        + RespWriter.HeaderSize(entry.TimeMs)
        + RespWriter.BulkStringSize(entry.Payload.Length);

    private static int WriteMessage<TEntry>(Span<byte> destination, ReadOnlySpan<byte> prefix, long epoch, TEntry entry, RespProtocol protocol)
        where TEntry : IRoomMessage
    {
        prefix.CopyTo(destination);
        var n = prefix.Length;
        n += RespWriter.WriteHeader(destination[n..], (byte)':', epoch);
        n += RespWriter.WriteHeader(destination[n..], (byte)':', entry.Seq);
        if (entry.Key is null)
        {
            var nil = protocol == RespProtocol.Resp3 ? "_\r\n"u8 : "$-1\r\n"u8;
            nil.CopyTo(destination[n..]);
            n += nil.Length;
        }
        else
        {
            n += RespWriter.WriteHeader(destination[n..], (byte)'$', entry.Key.Length);
            n += Encoding.Latin1.GetBytes(entry.Key, destination[n..]);
            destination[n++] = (byte)'\r';
            destination[n++] = (byte)'\n';
        }

        n += RespWriter.WriteHeader(destination[n..], (byte)':', entry.TimeMs);
        n += RespWriter.WriteBulk(destination[n..], entry.Payload.Span);
        return n;
    }
}

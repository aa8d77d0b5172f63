using System.Buffers.Binary;
using System.Text;
using ActorRooms.Broker.Rooms.Ledger;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// Ledger entries for the network (a mirror of the owner's history and last values): count (int32), then per entry
/// seq (int64), time (int64), key (int32 length, -1 for none, Latin-1 bytes) and payload (int32 length, bytes).
/// Read back, the payloads are slices of the received array.
/// </summary>
public static class RoomEntryList
{
    public static byte[] Pack(IReadOnlyList<RoomEntry> entries)
    {
        var size = 4;
        foreach (var entry in entries)
        {
            size += 24 + (entry.Key is null ? 0 : Encoding.Latin1.GetByteCount(entry.Key)) + entry.Payload.Length;
        }

        var packed = new byte[size];
        BinaryPrimitives.WriteInt32LittleEndian(packed, entries.Count);
        var at = 4;
        foreach (var entry in entries)
        {
            BinaryPrimitives.WriteInt64LittleEndian(packed.AsSpan(at), entry.Seq);
            BinaryPrimitives.WriteInt64LittleEndian(packed.AsSpan(at + 8), entry.TimeMs);
            var keyLength = entry.Key is null ? -1 : Encoding.Latin1.GetBytes(entry.Key, packed.AsSpan(at + 20));
            BinaryPrimitives.WriteInt32LittleEndian(packed.AsSpan(at + 16), keyLength);
            at += 20 + Math.Max(0, keyLength);
            BinaryPrimitives.WriteInt32LittleEndian(packed.AsSpan(at), entry.Payload.Length);
            entry.Payload.Span.CopyTo(packed.AsSpan(at + 4));
            at += 4 + entry.Payload.Length;
        }

        return packed;
    }

    /// <exception cref="FormatException">The bytes are not a packed entry list.</exception>
    public static IReadOnlyList<RoomEntry> Unpack(ReadOnlyMemory<byte> packed)
    {
        var span = packed.Span;
        var count = span.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(span) : -1;
        if (count < 0 || count > (span.Length - 4) / 24)
        {
            throw new FormatException($"A packed entry list of {span.Length} bytes cannot hold {count} entries.");
        }

        var entries = new RoomEntry[count];
        var at = 4;
        for (var i = 0; i < count; i++)
        {
            Need(span, at, 20);
            var seq = BinaryPrimitives.ReadInt64LittleEndian(span[at..]);
            var time = BinaryPrimitives.ReadInt64LittleEndian(span[(at + 8)..]);
            var keyLength = BinaryPrimitives.ReadInt32LittleEndian(span[(at + 16)..]);
            at += 20;
            string? key = null;
            if (keyLength >= 0)
            {
                Need(span, at, keyLength);
                key = Encoding.Latin1.GetString(span.Slice(at, keyLength));
                at += keyLength;
            }
            else if (keyLength != -1)
            {
                throw new FormatException("A packed entry has a negative key length.");
            }

            Need(span, at, 4);
            var length = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
            Need(span, at + 4, length);
            entries[i] = new RoomEntry(seq, key, time, packed.Slice(at + 4, length));
            at += 4 + length;
        }

        return at == span.Length ? entries : throw new FormatException("A packed entry list has bytes after its last entry.");
    }

    private static void Need(ReadOnlySpan<byte> span, int at, int length)
    {
        if (length < 0 || span.Length - at < length)
        {
            throw new FormatException("A packed entry list ends inside an entry.");
        }
    }
}

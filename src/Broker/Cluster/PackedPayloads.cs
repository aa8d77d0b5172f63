using System.Buffers.Binary;
using System.Text;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// Packs the payloads of a publish batch (and their ROOM.PUBLISH keys, when any message has one) into one array for
/// the network, and reads it back as slices of that array: one allocation per batch on each side, none per payload.
/// Layout: message count (int32), a keys flag (byte), then per message an optional key (int32 length, -1 for none,
/// Latin-1 bytes) and the payload (int32 length, bytes).
/// </summary>
public static class PackedPayloads
{
    /// <summary>Packs <paramref name="payloads"/> with their <paramref name="keys"/> (null: no message has a key).</summary>
    public static byte[] Pack(IReadOnlyList<ReadOnlyMemory<byte>> payloads, IReadOnlyList<string?>? keys = null)
    {
        var size = 5;
        for (var i = 0; i < payloads.Count; i++)
        {
            size += 4 + payloads[i].Length + (keys is null ? 0 : 4 + (keys[i] is { } key ? Encoding.Latin1.GetByteCount(key) : 0));
        }

        var packed = new byte[size];
        BinaryPrimitives.WriteInt32LittleEndian(packed, payloads.Count);
        packed[4] = keys is null ? (byte)0 : (byte)1;
        var offset = 5;
        for (var i = 0; i < payloads.Count; i++)
        {
            if (keys is not null)
            {
                var key = keys[i];
                var keyLength = key is null ? -1 : Encoding.Latin1.GetBytes(key, packed.AsSpan(offset + 4));
                BinaryPrimitives.WriteInt32LittleEndian(packed.AsSpan(offset), keyLength);
                offset += 4 + Math.Max(0, keyLength);
            }

            BinaryPrimitives.WriteInt32LittleEndian(packed.AsSpan(offset), payloads[i].Length);
            payloads[i].Span.CopyTo(packed.AsSpan(offset + 4));
            offset += 4 + payloads[i].Length;
        }

        return packed;
    }

    /// <summary>Reads a packed batch: the payloads as slices of <paramref name="packed"/>, and the keys (null when none was packed).</summary>
    /// <exception cref="FormatException">The bytes are not a packed batch.</exception>
    public static (IReadOnlyList<ReadOnlyMemory<byte>> Payloads, IReadOnlyList<string?>? Keys) Unpack(ReadOnlyMemory<byte> packed)
    {
        var span = packed.Span;
        if (span.Length < 5 || span[4] > 1)
        {
            throw new FormatException("A packed batch needs its 4-byte count and its keys flag.");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(span);
        if (count < 0 || count > (span.Length - 5) / 4)
        {
            throw new FormatException($"A packed batch of {span.Length} bytes cannot hold {count} payloads.");
        }

        var payloads = new ReadOnlyMemory<byte>[count];
        var keys = span[4] == 1 ? new string?[count] : null;
        var offset = 5;
        for (var i = 0; i < count; i++)
        {
            if (keys is not null)
            {
                var keyLength = ReadLength(span, offset, allowNone: true);
                keys[i] = keyLength < 0 ? null : Encoding.Latin1.GetString(span.Slice(offset + 4, keyLength));
                offset += 4 + Math.Max(0, keyLength);
            }

            var length = ReadLength(span, offset, allowNone: false);
            payloads[i] = packed.Slice(offset + 4, length);
            offset += 4 + length;
        }

        return offset == span.Length ? (payloads, keys) : throw new FormatException("A packed batch has bytes after its last payload.");
    }

    // A length field at offset, checked against what is left: -1 is "no key" where allowed.
    private static int ReadLength(ReadOnlySpan<byte> span, int offset, bool allowNone)
    {
        if (span.Length - offset < 4)
        {
            throw new FormatException("A packed batch ends inside a length.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
        if ((length < 0 && !(allowNone && length == -1)) || length > span.Length - offset - 4)
        {
            throw new FormatException("A packed batch ends inside a key or payload.");
        }

        return length;
    }
}

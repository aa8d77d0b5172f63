using System.Buffers.Binary;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// Packs the payloads of a publish batch into one array for the network (a count, then length-prefixed payloads),
/// and reads it back as slices of that array: one allocation per batch on each side, none per message.
/// </summary>
public static class PayloadBatch
{
    /// <summary>Packs <paramref name="payloads"/>.</summary>
    public static byte[] Pack(IReadOnlyList<ReadOnlyMemory<byte>> payloads)
    {
        var size = 4;
        foreach (var payload in payloads)
        {
            size += 4 + payload.Length;
        }

        var packed = new byte[size];
        BinaryPrimitives.WriteInt32LittleEndian(packed, payloads.Count);
        var offset = 4;
        foreach (var payload in payloads)
        {
            BinaryPrimitives.WriteInt32LittleEndian(packed.AsSpan(offset), payload.Length);
            payload.Span.CopyTo(packed.AsSpan(offset + 4));
            offset += 4 + payload.Length;
        }

        return packed;
    }

    /// <summary>Reads a packed batch as slices of <paramref name="packed"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a packed batch.</exception>
    public static IReadOnlyList<ReadOnlyMemory<byte>> Unpack(ReadOnlyMemory<byte> packed)
    {
        if (packed.Length < 4)
        {
            throw new FormatException("A packed batch needs at least its 4-byte count.");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(packed.Span);
        if (count < 0 || count > (packed.Length - 4) / 4)
        {
            throw new FormatException($"A packed batch of {packed.Length} bytes cannot hold {count} payloads.");
        }

        var payloads = new ReadOnlyMemory<byte>[count];
        var offset = 4;
        for (var i = 0; i < count; i++)
        {
            if (packed.Length - offset < 4)
            {
                throw new FormatException("A packed batch ends inside a payload length.");
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(packed.Span[offset..]);
            if (length < 0 || length > packed.Length - offset - 4)
            {
                throw new FormatException("A packed batch ends inside a payload.");
            }

            payloads[i] = packed.Slice(offset + 4, length);
            offset += 4 + length;
        }

        return offset == packed.Length ? payloads : throw new FormatException("A packed batch has bytes after its last payload.");
    }
}

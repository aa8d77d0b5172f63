using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// Serializes the <see cref="IClusterMessage"/>s: a room name (Latin-1, so binary names round-trip), a few fixed
/// fields and the packed payloads as they are. Reading keeps the payloads as a slice of the received array, so a
/// bridged batch is copied once into the network buffer and never again.
/// </summary>
public sealed class ClusterMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The serializer's id, unique among the system's serializers (Akka reserves 0–100).</summary>
    public const int SerializerId = 6380;

    private const string OwnerBatchManifest = "B";
    private const string OwnerAckManifest = "A";
    private const string OrderedBatchManifest = "O";
    private const string OrderedPatternBatchManifest = "P";
    private const string FollowRoomManifest = "F";
    private const string RoomFollowedManifest = "S";
    private const string UnfollowRoomManifest = "U";
    private const string FollowAgainManifest = "G";
    private const string PatternInterestChangedManifest = "I";
    private const string PatternInterestAckManifest = "K";
    private const string PatternInterestSyncManifest = "Y";
    private const string LastValuesAskedManifest = "L";
    private const string LastValuesAnsweredManifest = "V";
    private readonly ExtendedActorSystem _system = system;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        BatchToOrder => OwnerBatchManifest,
        OwnerAck => OwnerAckManifest,
        OrderedBatch { ForPatterns: false } => OrderedBatchManifest,
        OrderedBatch { ForPatterns: true } => OrderedPatternBatchManifest,
        FollowRoom => FollowRoomManifest,
        RoomFollowed => RoomFollowedManifest,
        UnfollowRoom => UnfollowRoomManifest,
        FollowAgain => FollowAgainManifest,
        PatternInterestChanged => PatternInterestChangedManifest,
        PatternInterestAck => PatternInterestAckManifest,
        PatternInterestSync => PatternInterestSyncManifest,
        LastValuesAsked => LastValuesAskedManifest,
        LastValuesAnswered => LastValuesAnsweredManifest,
        _ => throw new ArgumentException($"{o.GetType()} is not a cluster message.", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        BatchToOrder b => WithRoom(b.Room, 8, b.Payloads, span => BinaryPrimitives.WriteInt64LittleEndian(span, b.Ticket)),
        OwnerAck a => LittleEndian(a.Ticket),
        OrderedBatch b => WithRoom(b.Room, 24, b.Payloads, span =>
        {
            BinaryPrimitives.WriteInt64LittleEndian(span, b.Epoch);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], b.FirstSeq);
            BinaryPrimitives.WriteInt64LittleEndian(span[16..], b.TimeMs);
        }),
        FollowRoom m => WithRoom(m.Room, 16, ReadOnlyMemory<byte>.Empty, span =>
        {
            BinaryPrimitives.WriteInt64LittleEndian(span, m.Epoch);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], m.FromSeq);
        }),
        UnfollowRoom m => WithRoom(m.Room, 0, ReadOnlyMemory<byte>.Empty, _ => { }),
        FollowAgain m => WithRoom(m.Room, 0, ReadOnlyMemory<byte>.Empty, _ => { }),
        PatternInterestAck a => LittleEndian(a.Id),
        // The node's actor path takes the room's place; then the id and the added flag, or the pattern list.
        PatternInterestChanged c => WithRoom(Akka.Serialization.Serialization.SerializedActorPath(c.Node), 9, Latin1(c.Pattern), span =>
        {
            BinaryPrimitives.WriteInt64LittleEndian(span, c.Id);
            span[8] = c.Added ? (byte)1 : (byte)0;
        }),
        PatternInterestSync y => WithRoom(Akka.Serialization.Serialization.SerializedActorPath(y.Node), 0, PackStrings(y.Patterns), _ => { }),
        // The key after the room: a flag (1: present) and its Latin-1 bytes.
        LastValuesAsked q => WithRoom(q.Room, 1, q.Key is null ? ReadOnlyMemory<byte>.Empty : Latin1(q.Key), span => span[0] = q.Key is null ? (byte)0 : (byte)1),
        // No room: epoch, last seq, the known flag, then the packed values.
        LastValuesAnswered a => WithRoom(string.Empty, 17, a.Values, span =>
        {
            BinaryPrimitives.WriteInt64LittleEndian(span, a.Epoch);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], a.LastSeq);
            span[16] = a.Known ? (byte)1 : (byte)0;
        }),
        // Layout after the room: epoch, last seq, history length (int32), history, last values.
        RoomFollowed m => WithRoom(m.Room, 20 + m.History.Length, m.LastValues, span =>
        {
            BinaryPrimitives.WriteInt64LittleEndian(span, m.Epoch);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], m.LastSeq);
            BinaryPrimitives.WriteInt32LittleEndian(span[16..], m.History.Length);
            m.History.Span.CopyTo(span[20..]);
        }),
        _ => throw new ArgumentException($"{obj.GetType()} is not a cluster message.", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest)
    {
        switch (manifest)
        {
            case OwnerAckManifest:
                return new OwnerAck(BinaryPrimitives.ReadInt64LittleEndian(bytes));
            case OwnerBatchManifest:
            {
                var (room, rest) = ReadRoom(bytes);
                Need(rest, 8);
                return new BatchToOrder(room, BinaryPrimitives.ReadInt64LittleEndian(rest.Span), rest[8..]);
            }

            case OrderedBatchManifest or OrderedPatternBatchManifest:
            {
                var (room, rest) = ReadRoom(bytes);
                Need(rest, 24);
                var fixedFields = rest.Span;
                return new OrderedBatch(
                    room,
                    rest[24..],
                    manifest == OrderedPatternBatchManifest,
                    BinaryPrimitives.ReadInt64LittleEndian(fixedFields),
                    BinaryPrimitives.ReadInt64LittleEndian(fixedFields[8..]),
                    BinaryPrimitives.ReadInt64LittleEndian(fixedFields[16..]));
            }

            case FollowRoomManifest:
            {
                var (room, rest) = ReadRoom(bytes);
                Need(rest, 16);
                return new FollowRoom(room, BinaryPrimitives.ReadInt64LittleEndian(rest.Span), BinaryPrimitives.ReadInt64LittleEndian(rest.Span[8..]));
            }

            case UnfollowRoomManifest:
                return new UnfollowRoom(ReadRoom(bytes).Room);
            case FollowAgainManifest:
                return new FollowAgain(ReadRoom(bytes).Room);
            case PatternInterestAckManifest:
                return new PatternInterestAck(BinaryPrimitives.ReadInt64LittleEndian(bytes));
            case PatternInterestChangedManifest:
            {
                var (path, rest) = ReadRoom(bytes);
                Need(rest, 9);
                return new PatternInterestChanged(
                    _system.Provider.ResolveActorRef(path),
                    Encoding.Latin1.GetString(rest.Span[9..]),
                    rest.Span[8] == 1,
                    BinaryPrimitives.ReadInt64LittleEndian(rest.Span));
            }

            case PatternInterestSyncManifest:
            {
                var (path, rest) = ReadRoom(bytes);
                return new PatternInterestSync(_system.Provider.ResolveActorRef(path), UnpackStrings(rest));
            }

            case LastValuesAskedManifest:
            {
                var (room, rest) = ReadRoom(bytes);
                Need(rest, 1);
                return new LastValuesAsked(room, rest.Span[0] == 1 ? Encoding.Latin1.GetString(rest.Span[1..]) : null);
            }

            case LastValuesAnsweredManifest:
            {
                var (_, rest) = ReadRoom(bytes);
                Need(rest, 17);
                return new LastValuesAnswered(
                    BinaryPrimitives.ReadInt64LittleEndian(rest.Span),
                    BinaryPrimitives.ReadInt64LittleEndian(rest.Span[8..]),
                    rest.Span[16] == 1,
                    rest[17..]);
            }

            case RoomFollowedManifest:
            {
                var (room, rest) = ReadRoom(bytes);
                Need(rest, 20);
                var historyLength = BinaryPrimitives.ReadInt32LittleEndian(rest.Span[16..]);
                Need(rest, 20 + (long)historyLength);
                return new RoomFollowed(
                    room,
                    BinaryPrimitives.ReadInt64LittleEndian(rest.Span),
                    BinaryPrimitives.ReadInt64LittleEndian(rest.Span[8..]),
                    rest.Slice(20, historyLength),
                    rest[(20 + historyLength)..]);
            }

            default:
                throw new SerializationException($"Unknown cluster message manifest '{manifest}'.");
        }
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    // Layout: count (int32), then per string its length (int32) and Latin-1 bytes.
    private static byte[] PackStrings(IReadOnlyList<string> strings)
    {
        var bytes = new byte[4 + strings.Sum(s => 4 + Encoding.Latin1.GetByteCount(s))];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, strings.Count);
        var offset = 4;
        foreach (var text in strings)
        {
            var length = Encoding.Latin1.GetBytes(text, bytes.AsSpan(offset + 4));
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), length);
            offset += 4 + length;
        }

        return bytes;
    }

    private static List<string> UnpackStrings(ReadOnlyMemory<byte> packed)
    {
        Need(packed, 4);
        var span = packed.Span;
        var count = BinaryPrimitives.ReadInt32LittleEndian(span);
        var strings = new List<string>(Math.Clamp(count, 0, 1024));
        var offset = 4;
        for (var i = 0; i < count; i++)
        {
            Need(packed[offset..], 4);
            var length = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
            Need(packed[(offset + 4)..], length);
            strings.Add(Encoding.Latin1.GetString(span.Slice(offset + 4, length)));
            offset += 4 + length;
        }

        return strings;
    }

    private static byte[] LittleEndian(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }

    // Layout: room length (int32), room bytes, fixed fields, payloads. The room name is UTF-8, not Latin-1: a shard
    // channel's room starts with a char outside Latin-1 (Rooms/ShardChannels.cs), and UTF-8 round-trips every name.
    private static byte[] WithRoom(string room, int fixedLength, ReadOnlyMemory<byte> payloads, SpanAction writeFixed)
    {
        var roomLength = Encoding.UTF8.GetByteCount(room);
        var bytes = new byte[4 + roomLength + fixedLength + payloads.Length];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, roomLength);
        Encoding.UTF8.GetBytes(room, bytes.AsSpan(4, roomLength));
        writeFixed(bytes.AsSpan(4 + roomLength, fixedLength));
        payloads.Span.CopyTo(bytes.AsSpan(4 + roomLength + fixedLength));
        return bytes;
    }

    private static (string Room, ReadOnlyMemory<byte> Remainder) ReadRoom(byte[] bytes)
    {
        var roomLength = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (roomLength < 0 || roomLength > bytes.Length - 4)
        {
            throw new SerializationException($"A cluster message of {bytes.Length} bytes cannot hold a room name of {roomLength}.");
        }

        return (Encoding.UTF8.GetString(bytes, 4, roomLength), bytes.AsMemory(4 + roomLength));
    }

    private static void Need(ReadOnlyMemory<byte> rest, long length)
    {
        if (length < 0 || rest.Length < length)
        {
            throw new SerializationException($"A cluster message ends {length - rest.Length} bytes short of its fixed fields.");
        }
    }

    private delegate void SpanAction(Span<byte> span);
}

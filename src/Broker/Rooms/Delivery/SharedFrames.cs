using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Protocol.Resp;
using Akka.IO;

namespace ActorRooms.Broker.Rooms.Delivery;

/// <summary>
/// A batch's frames as the one immutable <see cref="ByteString"/> a room sends to every member of a protocol and a
/// connection hands to Akka.IO unchanged. The protocol library encodes into plain arrays; this wraps each array as
/// it comes, without copying it.
/// </summary>
public static class SharedFrames
{
    /// <summary><c>message</c> (or, with a pattern prefix, <c>pmessage</c>) frames: <see cref="PubSubFrames.EncodeBatch"/>.</summary>
    public static ByteString Batch(ReadOnlySpan<byte> prefix, IReadOnlyList<ReadOnlyMemory<byte>> payloads)
    {
        var sink = new ByteStringSink();
        PubSubFrames.EncodeBatch(prefix, payloads, ref sink);
        return sink.Result;
    }

    /// <summary><c>roommsg</c> frames: <see cref="RoomFrames.EncodeMessages"/>.</summary>
    public static ByteString RoomMessages(ReadOnlySpan<byte> prefix, long epoch, IReadOnlyList<RoomEntry> entries, RespProtocol protocol)
    {
        var sink = new ByteStringSink();
        RoomFrames.EncodeMessages(prefix, epoch, entries, protocol, ref sink);
        return sink.Result;
    }

    private struct ByteStringSink : ISegmentSink
    {
        private ByteString? _result;

        public readonly ByteString Result => _result ?? ByteString.Empty;

        public void Add(byte[] segment, int length)
        {
            // FromBytes with an offset and count wraps the array; the array is new and never written again.
            var part = ByteString.FromBytes(segment, 0, length);
            _result = _result is null ? part : _result.Concat(part);
        }
    }
}

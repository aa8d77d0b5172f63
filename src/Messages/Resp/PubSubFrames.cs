using System.Buffers;

namespace ActorRooms.Protocol.Resp;

/// <summary>
/// The pub/sub frames Redis sends: subscription confirmations and message pushes, byte for byte.
/// A room encodes a whole batch of messages once per protocol version into shared, immutable buffers.
/// </summary>
public static class PubSubFrames
{
    /// <summary>The largest buffer a batch is cut into (<see cref="SegmentWriter{TSink}"/>): under the 85 KB large-object threshold.</summary>
    public const int SegmentSize = 64 * 1024;

    /// <summary>
    /// The kind of a confirmation push: <c>subscribe</c>, <c>unsubscribe</c>, <c>psubscribe</c>, <c>punsubscribe</c>,
    /// <c>ssubscribe</c> or <c>sunsubscribe</c>.
    /// </summary>
    public enum Confirmation
    {
        Subscribe,
        Unsubscribe,
        PatternSubscribe,
        PatternUnsubscribe,
        ShardSubscribe,
        ShardUnsubscribe,
    }

    /// <summary>
    /// <c>*3\r\n$9\r\nsubscribe\r\n$&lt;n&gt;\r\n&lt;channel&gt;\r\n:&lt;count&gt;\r\n</c> (<c>&gt;3</c> in RESP3);
    /// a null channel (mass unsubscribe with nothing subscribed) is <c>$-1</c> / <c>_</c>.
    /// </summary>
    public static void WriteConfirmation(IBufferWriter<byte> writer, Confirmation kind, ReadOnlySpan<byte> channel, bool channelIsNull, long count, RespProtocol protocol)
    {
        RespWriter.PushHeader(writer, 3, protocol);
        RespWriter.BulkString(writer, kind switch
        {
            Confirmation.Subscribe => "subscribe"u8,
            Confirmation.Unsubscribe => "unsubscribe"u8,
            Confirmation.PatternSubscribe => "psubscribe"u8,
            Confirmation.PatternUnsubscribe => "punsubscribe"u8,
            Confirmation.ShardSubscribe => "ssubscribe"u8,
            _ => "sunsubscribe"u8,
        });
        if (channelIsNull)
        {
            RespWriter.Null(writer, protocol);
        }
        else
        {
            RespWriter.BulkString(writer, channel);
        }

        RespWriter.Integer(writer, count);
    }

    /// <summary>
    /// The constant head of every message frame of one channel: <c>*3\r\n$7\r\nmessage\r\n$&lt;n&gt;\r\n&lt;channel&gt;\r\n</c>,
    /// or with <paramref name="shard"/> of one shard channel: <c>*3\r\n$8\r\nsmessage\r\n$&lt;n&gt;\r\n&lt;channel&gt;\r\n</c>.
    /// </summary>
    public static byte[] MessagePrefix(ReadOnlySpan<byte> channel, RespProtocol protocol, bool shard = false)
    {
        var writer = new ArrayBufferWriter<byte>();
        RespWriter.PushHeader(writer, 3, protocol);
        RespWriter.BulkString(writer, shard ? "smessage"u8 : "message"u8);
        RespWriter.BulkString(writer, channel);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The constant head of every pattern message frame of one pattern and channel:
    /// <c>*4\r\n$8\r\npmessage\r\n$&lt;p&gt;\r\n&lt;pattern&gt;\r\n$&lt;n&gt;\r\n&lt;channel&gt;\r\n</c>.
    /// </summary>
    public static byte[] PatternMessagePrefix(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> channel, RespProtocol protocol)
    {
        var writer = new ArrayBufferWriter<byte>();
        RespWriter.PushHeader(writer, 4, protocol);
        RespWriter.BulkString(writer, "pmessage"u8);
        RespWriter.BulkString(writer, pattern);
        RespWriter.BulkString(writer, channel);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Length of <see cref="MessagePrefix"/> for a channel of <paramref name="channelLength"/> bytes.</summary>
    public static int MessagePrefixLength(int channelLength, bool shard = false) =>
        RespWriter.HeaderSize(3) + RespWriter.BulkStringSize(shard ? 8 : 7) + RespWriter.BulkStringSize(channelLength);

    /// <summary>Length of <see cref="PatternMessagePrefix"/> for the given pattern and channel lengths.</summary>
    public static int PatternMessagePrefixLength(int patternLength, int channelLength) =>
        RespWriter.HeaderSize(4) + RespWriter.BulkStringSize(8) + RespWriter.BulkStringSize(patternLength) + RespWriter.BulkStringSize(channelLength);

    /// <summary>
    /// Encodes <c>prefix + $&lt;len&gt;\r\n&lt;payload&gt;\r\n</c> for every payload into new buffers handed to
    /// <paramref name="sink"/>, cut as <see cref="SegmentWriter{TSink}"/> says (frames never straddle buffers).
    /// </summary>
    public static void EncodeBatch<TSink>(ReadOnlySpan<byte> prefix, IReadOnlyList<ReadOnlyMemory<byte>> payloads, ref TSink sink)
        where TSink : ISegmentSink
    {
        long total = 0;
        for (var i = 0; i < payloads.Count; i++)
        {
            total += prefix.Length + RespWriter.BulkStringSize(payloads[i].Length);
        }

        var segments = new SegmentWriter<TSink>(ref sink, total);
        for (var i = 0; i < payloads.Count; i++)
        {
            var payload = payloads[i].Span;
            var frame = segments.Next(prefix.Length + RespWriter.BulkStringSize(payload.Length));
            prefix.CopyTo(frame);
            RespWriter.WriteBulk(frame[prefix.Length..], payload);
        }

        segments.Complete();
    }
}

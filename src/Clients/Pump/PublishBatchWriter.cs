using System.Buffers;
using ActorRooms.Clients.Connection;
using ActorRooms.Protocol.Resp;
using Akka.IO;

namespace ActorRooms.Clients.Pump;

/// <summary>
/// Builds one tick's PUBLISH commands — <c>*3\r\n$7\r\nPUBLISH\r\n$&lt;n&gt;\r\n&lt;room&gt;\r\n$&lt;n&gt;\r\n&lt;payload&gt;\r\n</c> each —
/// straight into 64 KiB buffers rented from the array pool (under the 85 KB large-object threshold, so a fast pump
/// makes no gen-2 garbage), and hands them over as one <see cref="SendCommands"/>: one actor message and one socket
/// write per tick, however many commands it holds. The connection returns the buffers once the socket took them.
/// </summary>
public sealed class PublishBatchWriter
{
    /// <summary>Size of each rented buffer.</summary>
    public const int SegmentSize = 64 * 1024;

    private readonly List<byte[]> _segments = [];
    private ByteString _data = ByteString.Empty;
    private byte[]? _current;
    private int _used;

    /// <summary>Commands written since the last <see cref="Take"/>.</summary>
    public int Count { get; private set; }

    /// <summary>The constant head of every PUBLISH to <paramref name="room"/>: <c>*3 $7 PUBLISH $&lt;n&gt; &lt;room&gt;</c>.</summary>
    public static byte[] CommandPrefix(string room)
    {
        var writer = new ArrayBufferWriter<byte>();
        RespWriter.ArrayHeader(writer, 3);
        RespWriter.BulkString(writer, "PUBLISH"u8);
        RespWriter.BulkString(writer, room);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The constant head of every ROOM.PUBLISH to <paramref name="room"/>: <c>*5 $12 ROOM.PUBLISH $&lt;n&gt; &lt;room&gt;</c>;
    /// the payload and <see cref="KeySuffix"/> follow.
    /// </summary>
    public static byte[] RoomCommandPrefix(string room)
    {
        var writer = new ArrayBufferWriter<byte>();
        RespWriter.ArrayHeader(writer, 5);
        RespWriter.BulkString(writer, "ROOM.PUBLISH"u8);
        RespWriter.BulkString(writer, room);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>The tail of a ROOM.PUBLISH after its payload: <c>$3 KEY $&lt;n&gt; &lt;key&gt;</c>.</summary>
    public static byte[] KeySuffix(string key)
    {
        var writer = new ArrayBufferWriter<byte>();
        RespWriter.BulkString(writer, "KEY"u8);
        RespWriter.BulkString(writer, key);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Appends one PUBLISH: <paramref name="prefix"/> from <see cref="CommandPrefix"/>, then the payload as a bulk string.</summary>
    public void Add(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> payload) => Add(prefix, payload, []);

    /// <summary>Appends one command: <paramref name="prefix"/>, the payload as a bulk string, then <paramref name="suffix"/> (a ROOM.PUBLISH's KEY).</summary>
    public void Add(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> suffix)
    {
        var size = prefix.Length + RespWriter.BulkStringSize(payload.Length) + suffix.Length;
        if (_current is null || _used + size > _current.Length)
        {
            StartSegment(size);
        }

        var span = _current.AsSpan(_used);
        prefix.CopyTo(span);
        var written = prefix.Length + RespWriter.WriteBulk(span[prefix.Length..], payload);
        suffix.CopyTo(span[written..]);
        _used += written + suffix.Length;
        Count++;
    }

    /// <summary>Everything written since the last call, as one message for the connection; the writer starts empty again.</summary>
    public SendCommands Take()
    {
        FinishSegment();
        var commands = new SendCommands(_data, Count, [.. _segments]);
        _segments.Clear();
        _data = ByteString.Empty;
        Count = 0;
        return commands;
    }

    private void StartSegment(int atLeast)
    {
        FinishSegment();
        _current = ArrayPool<byte>.Shared.Rent(Math.Max(SegmentSize, atLeast));
        _segments.Add(_current);
        _used = 0;
    }

    private void FinishSegment()
    {
        if (_current is null)
        {
            return;
        }

        if (_used > 0)
        {
            // Wraps the pooled array without copying; it is not written again before it goes back to the pool.
            var part = ByteString.FromBytes(_current, 0, _used);
            _data = _data.IsEmpty ? part : _data.Concat(part);
        }

        _current = null;
        _used = 0;
    }
}

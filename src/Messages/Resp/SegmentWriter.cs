namespace ActorRooms.Protocol.Resp;

/// <summary>
/// Cuts a batch of frames into buffers of at most <see cref="PubSubFrames.SegmentSize"/> bytes (under the 85 KB
/// large-object threshold, so batches never land on the LOH), a frame larger than that getting a buffer of its own.
/// Frames never straddle buffers, so a writer can cut the stream at any buffer boundary. The batch's total size is
/// known up front, so the last buffer is no larger than what is left.
/// </summary>
/// <typeparam name="TSink">Where the finished buffers go; a struct sink is called without boxing.</typeparam>
public ref struct SegmentWriter<TSink>
    where TSink : ISegmentSink
{
    private readonly ref TSink _sink;
    private byte[]? _segment;
    private int _used;
    private long _remaining;

    /// <summary>A writer for a batch of <paramref name="totalBytes"/> bytes, handing its buffers to <paramref name="sink"/>.</summary>
    public SegmentWriter(ref TSink sink, long totalBytes)
    {
        _sink = ref sink;
        _remaining = totalBytes;
    }

    /// <summary>Room for the next frame of exactly <paramref name="size"/> bytes, which the caller fills completely.</summary>
    public Span<byte> Next(int size)
    {
        if (_segment is null || _used + size > _segment.Length)
        {
            Flush();
            _segment = new byte[Math.Max(size, (int)Math.Min(PubSubFrames.SegmentSize, _remaining))];
        }

        var frame = _segment.AsSpan(_used, size);
        _used += size;
        _remaining -= size;
        return frame;
    }

    /// <summary>Hands over the last buffer; a batch without frames hands over none.</summary>
    public void Complete() => Flush();

    private void Flush()
    {
        if (_segment is not null)
        {
            _sink.Add(_segment, _used);
            _segment = null;
            _used = 0;
        }
    }
}

using ActorRooms.Protocol.Resp;

namespace ActorRooms.Protocol.Tests.Resp;

/// <summary>A sink that keeps the buffers an encoder hands over, to look at their bytes and how they were cut.</summary>
internal sealed class SegmentList : ISegmentSink
{
    private readonly List<byte[]> _segments = [];

    /// <summary>The length of each buffer, in order.</summary>
    public List<int> Lengths => [.. _segments.Select(s => s.Length)];

    /// <summary>All bytes, in order.</summary>
    public int Count => _segments.Sum(s => s.Length);

    public bool IsEmpty => _segments.Count == 0;

    public void Add(byte[] segment, int length) => _segments.Add(segment[..length]);

    public byte[] ToArray() => [.. _segments.SelectMany(s => s)];
}

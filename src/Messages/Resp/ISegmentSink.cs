namespace ActorRooms.Protocol.Resp;

/// <summary>
/// Takes the buffers a batch of frames is encoded into, in order. The library hands over plain arrays and leaves
/// the container to the caller (the broker wraps them for its socket writes without copying), so it needs no
/// transport type of its own. A struct sink passed by <c>ref</c> costs no allocation beyond the buffers themselves.
/// </summary>
public interface ISegmentSink
{
    /// <summary>
    /// The next buffer: its first <paramref name="length"/> bytes are whole frames. The buffer is new and is never
    /// written again, so the sink may keep it.
    /// </summary>
    void Add(byte[] segment, int length);
}

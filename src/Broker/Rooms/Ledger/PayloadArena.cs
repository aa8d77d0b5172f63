namespace ActorRooms.Broker.Rooms.Ledger;

/// <summary>
/// Where a room's ledger keeps its own copies of unkeyed payloads: appended one after another into chunks, each slice
/// written once and never again, so an entry's payload is as immutable as a copy of its own. A chunk is freed by the
/// GC once no entry refers to it; there is nothing to count or return.
/// <para>
/// Why chunks, and why pinned: history entries live long (up to <c>history-size</c> messages per room), so a copy
/// per batch on the ordinary heap survived two collections and was copied by the GC twice on its way to gen2, and
/// every full collection then walked one small array per message. At the many-rooms load (F4 in docs/benchmarks.md)
/// that kept the broker paused in GC for about a fifth of the time. Chunks of 1 KiB and more are allocated on the
/// pinned object heap, which the GC never compacts, so they are never copied, and they are few (one per many
/// messages). A room's first chunks are small ordinary arrays (the pinned heap's allocator is slower for small
/// objects, and a quiet room's few payloads cost the GC little): the first is the first batch's size, each next one
/// twice the last, up to 64 KiB, so a room that sees little traffic holds little more than its payloads.
/// </para>
/// </summary>
public sealed class PayloadArena
{
    /// <summary>The largest chunk; a payload over a quarter of it gets an array of its own.</summary>
    public const int MaxChunkBytes = 64 * 1024;

    /// <summary>Chunks from this size on are pinned.</summary>
    public const int PinnedFromBytes = 1024;

    private byte[] _chunk = [];
    private int _used;

    /// <summary>Bytes of the chunk payloads are appended to now (for tests and the heap breakdown).</summary>
    public int ChunkBytes => _chunk.Length;

    /// <summary>A fresh slice of <paramref name="bytes"/> bytes for the caller to fill now and never change afterwards.</summary>
    public Memory<byte> Take(int bytes)
    {
        if (bytes > MaxChunkBytes / 4)
        {
            return new byte[bytes];
        }

        if (_chunk.Length - _used < bytes)
        {
            var size = Math.Min(MaxChunkBytes, Math.Max(bytes, _chunk.Length * 2));
            _chunk = size >= PinnedFromBytes ? GC.AllocateUninitializedArray<byte>(size, pinned: true) : new byte[size];
            _used = 0;
        }

        var slice = _chunk.AsMemory(_used, bytes);
        _used += bytes;
        return slice;
    }
}

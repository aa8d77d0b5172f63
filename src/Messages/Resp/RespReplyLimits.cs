namespace ActorRooms.Protocol.Resp;

/// <summary>
/// What <see cref="RespReplyReader"/> accepts from a server before it calls the stream garbled. A client trusts its
/// server more than a server trusts its clients, but a broken or hostile peer must still not make it allocate
/// without bound. Every value comes from HOCON (<c>actor-rooms.clients.connection.replies</c>).
/// </summary>
/// <param name="MaxBulkLength">Largest <c>$</c> / <c>=</c> / <c>!</c> string, in bytes.</param>
/// <param name="MaxElements">Most elements in one array, push, set or map (a map counts keys and values).</param>
/// <param name="MaxDepth">Deepest nesting of aggregates.</param>
/// <param name="MaxLineLength">Longest simple line (<c>+</c>, <c>-</c>, <c>:</c>, headers, ...), in bytes.</param>
public sealed record RespReplyLimits(long MaxBulkLength, int MaxElements, int MaxDepth, int MaxLineLength)
{
    /// <summary>Defaults for tests and tools: 64 MiB strings, 1 Mi elements, depth 32, 64 KiB lines.</summary>
    public static RespReplyLimits Default { get; } = new(64 * 1024 * 1024, 1024 * 1024, 32, 64 * 1024);
}

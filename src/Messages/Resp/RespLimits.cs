namespace ActorRooms.Protocol.Resp;

/// <summary>
/// The limits the request reader enforces before it allocates anything for a frame.
/// Every value comes from HOCON (<c>actor-rooms.broker.protocol</c>); the defaults here only serve tests.
/// </summary>
/// <param name="MaxBulkLength">Largest accepted <c>$N</c> bulk argument, in bytes (Redis: proto-max-bulk-len).</param>
/// <param name="MaxInlineLength">Longest inline command line, and longest <c>*N</c>/<c>$N</c> header line, in bytes (Redis: 64 KiB).</param>
/// <param name="MaxArguments">Most arguments in one multibulk command.</param>
public sealed record RespLimits(long MaxBulkLength, int MaxInlineLength, int MaxArguments)
{
    /// <summary>Redis-like defaults used when nothing is configured: 8 MiB bulks, 64 KiB lines, 1 Mi arguments.</summary>
    public static RespLimits Default { get; } = new(8 * 1024 * 1024, 64 * 1024, 1024 * 1024);

    /// <summary>
    /// Most arguments in one multibulk command from a client that has not authenticated (Redis hard-codes 10), so a
    /// stranger cannot make the server hold much before proving who it is.
    /// </summary>
    public const int UnauthenticatedMaxArguments = 10;

    /// <summary>Largest bulk argument from a client that has not authenticated (Redis hard-codes 16384 bytes).</summary>
    public const int UnauthenticatedMaxBulkLength = 16384;

    /// <summary>
    /// The protocol error (without "Protocol error: ") a multibulk command of these <paramref name="arguments"/>
    /// would get, for an inline command, which has no headers to check: max-arguments, then before AUTH at most
    /// <see cref="UnauthenticatedMaxArguments"/> arguments of at most <see cref="UnauthenticatedMaxBulkLength"/> bytes.
    /// </summary>
    public string? InlineArgumentsProblem(IReadOnlyList<ReadOnlyMemory<byte>> arguments, bool authenticated)
    {
        if (arguments.Count > MaxArguments)
        {
            return "invalid multibulk length";
        }

        if (authenticated)
        {
            return null;
        }

        if (arguments.Count > UnauthenticatedMaxArguments)
        {
            return "unauthenticated multibulk length";
        }

        return arguments.Any(a => a.Length > UnauthenticatedMaxBulkLength) ? "unauthenticated bulk length" : null;
    }
}

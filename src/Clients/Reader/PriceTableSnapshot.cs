namespace ActorRooms.Clients.Reader;

/// <summary>
/// An immutable copy of the <see cref="PriceTable"/> at one moment: the reader actor makes one a few times per
/// second and the live view renders it on its own thread, so the view never touches actor state.
/// </summary>
/// <param name="Rows">One row per symbol, ordered by symbol.</param>
/// <param name="MessagesPerSecond">All messages (prices and others) per second over the rate window.</param>
/// <param name="TotalMessages">Messages received since the start.</param>
/// <param name="OtherMessages">Messages that were not price messages.</param>
/// <param name="HiddenSymbols">Symbols beyond the table's row limit (their prices are counted, not shown).</param>
/// <param name="RecentOther">The last few non-price messages, oldest first.</param>
public sealed record PriceTableSnapshot(
    IReadOnlyList<PriceRowSnapshot> Rows,
    double MessagesPerSecond,
    long TotalMessages,
    long OtherMessages,
    int HiddenSymbols,
    IReadOnlyList<OtherMessage> RecentOther)
{
    /// <summary>Nothing received yet.</summary>
    public static PriceTableSnapshot Empty { get; } = new([], 0, 0, 0, 0, []);
}

namespace ActorRooms.Clients.Prices;

/// <summary>The fields of a price message read by <see cref="PriceMessageFormat.TryRead(ReadOnlySpan{byte}, Span{char}, out PriceFields)"/>.</summary>
/// <param name="SymbolLength">Characters of the symbol written into the caller's buffer.</param>
/// <param name="Price">The price.</param>
/// <param name="Seq">The pump's sequence number, or -1.</param>
/// <param name="Timestamp">Unix milliseconds, or -1.</param>
public readonly record struct PriceFields(int SymbolLength, double Price, long Seq, long Timestamp);

namespace ActorRooms.Clients.Prices;

/// <summary>
/// One price tick as the pump publishes it: the JSON object
/// <c>{"symbol":"AAPL","price":190.123,"seq":42,"ts":1764150000123}</c> (see docs/protocol.md, "Price message").
/// </summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Price">The price, positive.</param>
/// <param name="Seq">Per pump, increasing by one with every message it publishes (over all symbols); -1 when absent.</param>
/// <param name="Timestamp">When it was made, in Unix milliseconds; -1 when absent.</param>
public sealed record PriceMessage(string Symbol, double Price, long Seq, long Timestamp);

namespace ActorRooms.Clients.Reader;

/// <summary>One symbol in a <see cref="PriceTableSnapshot"/>.</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Last">The latest price.</param>
/// <param name="Previous">The price before it.</param>
/// <param name="Change">Last minus the first price this reader saw.</param>
/// <param name="ChangePercent"><paramref name="Change"/> as a percentage of that first price.</param>
/// <param name="TicksPerSecond">Ticks per second over the rate window.</param>
/// <param name="SinceLastTick">Time since the latest tick.</param>
/// <param name="Ticks">Ticks received since the start.</param>
/// <param name="LastSeq">The pump's sequence number of the latest tick (-1 when absent).</param>
public sealed record PriceRowSnapshot(
    string Symbol,
    double Last,
    double Previous,
    double Change,
    double ChangePercent,
    double TicksPerSecond,
    TimeSpan SinceLastTick,
    long Ticks,
    long LastSeq);

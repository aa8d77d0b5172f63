namespace ActorRooms.Clients.Reader;

/// <summary>One symbol's line of the <see cref="PriceTable"/>: mutable, owned by the reader actor alone.</summary>
internal sealed class PriceRow(string symbol, double firstPrice, TimeSpan window)
{
    public string Symbol { get; } = symbol;

    /// <summary>The first price this reader saw: change and % change are measured from it.</summary>
    public double Open { get; } = firstPrice;

    public double Last { get; private set; } = firstPrice;

    /// <summary>The price before <see cref="Last"/> (equal to it after the first tick).</summary>
    public double Previous { get; private set; } = firstPrice;

    public long Ticks { get; private set; }

    public long LastSeq { get; private set; } = -1;

    public TimeSpan LastTickAt { get; private set; }

    public RateWindow Rate { get; } = new(window);

    public void Apply(double price, long seq, TimeSpan now)
    {
        Previous = Ticks == 0 ? price : Last;
        Last = price;
        LastSeq = seq;
        LastTickAt = now;
        Ticks++;
        Rate.Add(now);
    }
}

namespace ActorRooms.Clients.Pump;

/// <summary>
/// A geometric random walk per symbol: each step multiplies the price by <c>exp(σ·Z − σ²/2)</c> with Z standard
/// normal, so prices stay positive and have no drift on average. One seeded <see cref="Random"/> drives all symbols,
/// so the same seed and the same order of steps give the same prices on every run and machine.
/// </summary>
public sealed class PriceWalk
{
    /// <summary>Lowest price a walk can reach; it bounces off it (a walk of millions of steps may head towards zero).</summary>
    public const double MinPrice = 1e-6;

    /// <summary>Highest price a walk can reach.</summary>
    public const double MaxPrice = 1e12;

    private readonly Random _random;
    private readonly double[] _prices;
    private readonly double _volatility;
    private readonly double _driftCorrection;
    private double? _spareGaussian;

    /// <summary>Starts one walk per entry of <paramref name="startPrices"/>; <paramref name="volatility"/> is σ per step.</summary>
    public PriceWalk(int seed, IReadOnlyList<double> startPrices, double volatility)
    {
        if (startPrices.Any(p => !double.IsFinite(p) || p <= 0))
        {
            throw new ArgumentException("Start prices must be positive and finite.", nameof(startPrices));
        }

        if (!double.IsFinite(volatility) || volatility < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(volatility), volatility, "Volatility must be zero or positive.");
        }

        _random = new Random(seed);
        _prices = [.. startPrices];
        _volatility = volatility;
        _driftCorrection = volatility * volatility / 2;
    }

    /// <summary>Number of symbols.</summary>
    public int Count => _prices.Length;

    /// <summary>The current price of symbol <paramref name="index"/>.</summary>
    public double Price(int index) => _prices[index];

    /// <summary>Moves symbol <paramref name="index"/> one step and returns its new price.</summary>
    public double Next(int index)
    {
        var factor = Math.Exp((_volatility * NextGaussian()) - _driftCorrection);
        var price = _prices[index] * factor;
        _prices[index] = price < MinPrice ? MinPrice : price > MaxPrice ? MaxPrice : price;
        return _prices[index];
    }

    /// <summary>
    /// The price as published: rounded to six significant digits but never to fewer than two decimals (190.123,
    /// 60123.45, 1.08512), so the JSON stays short and readable. It is a number, so trailing zeros are not written
    /// (2340.5, 2342).
    /// </summary>
    public static double Rounded(double price)
    {
        var magnitude = (int)Math.Floor(Math.Log10(price));
        var decimals = Math.Clamp(5 - magnitude, 2, 12);
        return Math.Round(price, decimals, MidpointRounding.AwayFromZero);
    }

    // Box–Muller: two normals from two uniforms; the second is kept for the next call.
    private double NextGaussian()
    {
        if (_spareGaussian is { } spare)
        {
            _spareGaussian = null;
            return spare;
        }

        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        var angle = 2.0 * Math.PI * u2;
        _spareGaussian = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }
}

using ActorRooms.Clients.Pump;

namespace ActorRooms.Clients.Tests.Pump;

public sealed class PriceWalkSpecs
{
    [Fact]
    public void Should_repeat_the_same_prices_when_the_seed_is_the_same()
    {
        Assert.Equal(Walk(seed: 42, steps: 10_000), Walk(seed: 42, steps: 10_000));
    }

    [Fact]
    public void Should_give_other_prices_when_the_seed_differs()
    {
        Assert.NotEqual(Walk(seed: 42, steps: 100), Walk(seed: 43, steps: 100));
    }

    [Theory]
    [InlineData(0.0005)]
    [InlineData(0.05)]
    [InlineData(0.5)]
    public void Should_stay_positive_and_finite_when_walking_a_long_way(double volatility)
    {
        var walk = new PriceWalk(seed: 7, [190, 1.08, 0.001], volatility);

        for (var step = 0; step < 300_000; step++)
        {
            var price = walk.Next(step % 3);
            Assert.True(double.IsFinite(price) && price > 0, $"step {step}: {price}");
        }
    }

    [Fact]
    public void Should_move_each_symbol_only_when_it_steps()
    {
        var walk = new PriceWalk(seed: 1, [100, 200], 0.01);

        walk.Next(0);

        Assert.NotEqual(100, walk.Price(0));
        Assert.Equal(200, walk.Price(1));
    }

    [Fact]
    public void Should_have_no_drift_on_average_when_the_walk_is_geometric()
    {
        // E[exp(σZ − σ²/2)] = 1: the mean of many one-step outcomes stays at the start price.
        var walk = new PriceWalk(seed: 3, [.. Enumerable.Repeat(100.0, 20_000)], 0.01);

        var mean = Enumerable.Range(0, walk.Count).Select(walk.Next).Average();

        Assert.InRange(mean, 99.95, 100.05);
    }

    [Theory]
    [InlineData(190.123456, 190.123)]
    [InlineData(60123.4567, 60123.46)]
    [InlineData(1.0851234, 1.08512)]
    [InlineData(0.000123456789, 0.000123457)]
    public void Should_round_to_six_significant_digits_when_publishing(double price, double expected)
    {
        Assert.Equal(expected, PriceWalk.Rounded(price));
    }

    private static double[] Walk(int seed, int steps)
    {
        var walk = new PriceWalk(seed, [190, 420, 1.08, 60000], 0.001);
        return [.. Enumerable.Range(0, steps).Select(i => walk.Next(i % walk.Count))];
    }
}

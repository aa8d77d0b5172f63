using ActorRooms.Clients.Reader;

namespace ActorRooms.Clients.Tests.Reader;

public sealed class RateWindowSpecs
{
    [Fact]
    public void Should_measure_a_steady_rate_when_the_window_is_full()
    {
        var window = new RateWindow(TimeSpan.FromSeconds(2));

        for (var ms = 0; ms < 5000; ms += 10)
        {
            window.Add(TimeSpan.FromMilliseconds(ms));
        }

        Assert.InRange(window.PerSecond(TimeSpan.FromMilliseconds(5000)), 95.0, 105.0);
    }

    [Fact]
    public void Should_not_dilute_the_first_figures_when_the_window_has_not_filled_yet()
    {
        var window = new RateWindow(TimeSpan.FromSeconds(10));

        for (var ms = 0; ms < 500; ms += 10)
        {
            window.Add(TimeSpan.FromSeconds(100) + TimeSpan.FromMilliseconds(ms));
        }

        Assert.InRange(window.PerSecond(TimeSpan.FromSeconds(100.5)), 90.0, 110.0);
    }

    [Fact]
    public void Should_fall_to_zero_when_events_stop()
    {
        var window = new RateWindow(TimeSpan.FromSeconds(1));
        window.Add(TimeSpan.Zero, 1000);

        Assert.Equal(0, window.PerSecond(TimeSpan.FromSeconds(3)));
        Assert.Equal(0, new RateWindow(TimeSpan.FromSeconds(1)).PerSecond(TimeSpan.FromSeconds(1)));
    }
}

using System.Text;
using ActorRooms.Broker.Network.Feeds;
using ActorRooms.Broker.Rooms.Ledger;

namespace ActorRooms.Broker.Tests.Network.Feeds;

public sealed class KeyRateLimiterSpecs
{
    [Fact]
    public void Should_send_at_most_n_per_key_in_any_second_when_a_key_updates_every_millisecond()
    {
        // Arrange: 10 per second per key; two keys each updated every millisecond for 5 seconds of virtual time.
        var limiter = new KeyRateLimiter(10);
        var sent = new List<(TimeSpan At, RoomEntry Entry)>();
        long seq = 0;

        // Act
        for (var ms = 0; ms < 5000; ms++)
        {
            var now = TimeSpan.FromMilliseconds(ms);
            foreach (var entry in limiter.Release(now))
            {
                sent.Add((now, entry));
            }

            foreach (var entry in limiter.Offer([Entry(++seq, "a"), Entry(++seq, "b")], now))
            {
                sent.Add((now, entry));
            }
        }

        // Assert: counted over every one-second window, never more than 10 per key; and the rate is used, not starved.
        foreach (var key in new[] { "a", "b" })
        {
            var times = sent.Where(s => s.Entry.Key == key).Select(s => s.At).ToList();
            for (var start = 0; start < 4000; start += 100)
            {
                var window = times.Count(t => t >= TimeSpan.FromMilliseconds(start) && t < TimeSpan.FromMilliseconds(start + 1000));
                Assert.InRange(window, 9, 10);
            }
        }

        Assert.True(limiter.Conflated > 9000);
    }

    [Fact]
    public void Should_send_the_newest_pending_value_when_the_interval_has_passed()
    {
        var limiter = new KeyRateLimiter(2);

        var first = limiter.Offer([Entry(1, "k")], TimeSpan.Zero);
        var held = limiter.Offer([Entry(2, "k"), Entry(3, "k"), Entry(4, null)], TimeSpan.FromMilliseconds(100));
        var early = limiter.Release(TimeSpan.FromMilliseconds(400));
        var due = limiter.Release(TimeSpan.FromMilliseconds(500));

        Assert.Equal([1L], first.Select(e => e.Seq));
        Assert.Equal([4L], held.Select(e => e.Seq));
        Assert.Empty(early);
        Assert.Equal([3L], due.Select(e => e.Seq));
        Assert.Equal(1, limiter.Conflated);
        Assert.Null(limiter.NextDue());
    }

    [Fact]
    public void Should_refuse_a_rate_below_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyRateLimiter(0));
    }

    private static RoomEntry Entry(long seq, string? key) => new(seq, key, 0, Encoding.ASCII.GetBytes($"v{seq}"));
}

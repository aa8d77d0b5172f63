using System.Text;
using ActorRooms.Protocol.PubSub;
using ActorRooms.Clients.Reader;

namespace ActorRooms.Clients.Tests.Reader;

public sealed class PriceTableSpecs
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    [Fact]
    public void Should_keep_last_previous_change_and_percent_change_when_prices_arrive()
    {
        var table = new PriceTable(Window, maxSymbols: 10, recentOther: 3);

        table.Apply(Price("AAPL", 100, 1), At(0));
        table.Apply(Price("AAPL", 101, 2), At(0.1));
        table.Apply(Price("AAPL", 99, 3), At(0.2));
        var row = Assert.Single(table.Snapshot(At(0.5)).Rows);

        Assert.Equal("AAPL", row.Symbol);
        Assert.Equal(99, row.Last);
        Assert.Equal(101, row.Previous);
        Assert.Equal(-1, row.Change, 9);
        Assert.Equal(-1, row.ChangePercent, 9);
        Assert.Equal(3, row.Ticks);
        Assert.Equal(3, row.LastSeq);
        Assert.Equal(TimeSpan.FromSeconds(0.3), row.SinceLastTick);
    }

    [Fact]
    public void Should_show_no_change_when_a_symbol_has_one_tick()
    {
        var table = new PriceTable(Window, 10, 3);

        table.Apply(Price("EURUSD", 1.08, 1), At(0));
        var row = Assert.Single(table.Snapshot(At(0)).Rows);

        Assert.Equal(1.08, row.Last);
        Assert.Equal(1.08, row.Previous);
        Assert.Equal(0, row.Change);
        Assert.Equal(0, row.ChangePercent);
    }

    [Fact]
    public void Should_count_ticks_per_second_over_the_window_and_forget_old_ones()
    {
        var table = new PriceTable(Window, 10, 3);
        for (var i = 0; i < 10; i++)
        {
            table.Apply(Price("AAPL", 100 + i, i), At(i * 0.1));
            table.Apply(Price("MSFT", 400, i), At(i * 0.1));
        }

        var busy = table.Snapshot(At(1.0));
        var quiet = table.Snapshot(At(5.0));

        Assert.All(busy.Rows, r => Assert.InRange(r.TicksPerSecond, 9.0, 11.0));
        Assert.InRange(busy.MessagesPerSecond, 18.0, 22.0);
        Assert.All(quiet.Rows, r => Assert.Equal(0, r.TicksPerSecond));
        Assert.Equal(0, quiet.MessagesPerSecond);
        Assert.All(quiet.Rows, r => Assert.Equal(TimeSpan.FromSeconds(4.1), r.SinceLastTick));
    }

    [Fact]
    public void Should_list_symbols_in_order_when_they_arrive_in_any_order()
    {
        var table = new PriceTable(Window, 10, 3);

        foreach (var symbol in new[] { "MSFT", "BTCUSD", "AAPL" })
        {
            table.Apply(Price(symbol, 1, 1), At(0));
        }

        Assert.Equal(["AAPL", "BTCUSD", "MSFT"], table.Snapshot(At(0)).Rows.Select(r => r.Symbol));
    }

    [Fact]
    public void Should_show_payloads_that_are_not_prices_instead_of_failing()
    {
        var table = new PriceTable(Window, 10, recentOther: 2);

        Assert.False(table.Apply(Message("prices", "hello from redis-cli"), At(0)));
        Assert.False(table.Apply(Message("prices", "{\"symbol\":\"AAPL\"}"), At(0)));
        Assert.False(table.Apply(Message("prices", "line\r\nbreak\u0007"), At(0)));
        Assert.True(table.Apply(Price("AAPL", 5, 1), At(0)));
        var snapshot = table.Snapshot(At(0));

        Assert.Equal(4, snapshot.TotalMessages);
        Assert.Equal(3, snapshot.OtherMessages);
        Assert.Single(snapshot.Rows);
        Assert.Equal(
            [new OtherMessage("prices", "{\"symbol\":\"AAPL\"}"), new OtherMessage("prices", "line··break·")],
            snapshot.RecentOther);
    }

    [Fact]
    public void Should_cut_long_payloads_when_showing_them()
    {
        var table = new PriceTable(Window, 10, 1);

        table.Apply(Message("prices", new string('x', 1000)), At(0));

        var shown = Assert.Single(table.Snapshot(At(0)).RecentOther).Text;
        Assert.Equal(new string('x', PriceTable.OtherTextLength) + "…", shown);
    }

    [Fact]
    public void Should_count_but_not_show_symbols_beyond_the_row_limit()
    {
        var table = new PriceTable(Window, maxSymbols: 2, recentOther: 1);

        foreach (var symbol in new[] { "A", "B", "C", "D", "C" })
        {
            table.Apply(Price(symbol, 1, 1), At(0));
        }

        var snapshot = table.Snapshot(At(0));
        Assert.Equal(["A", "B"], snapshot.Rows.Select(r => r.Symbol));
        Assert.Equal(2, snapshot.HiddenSymbols);
        Assert.Equal(5, snapshot.TotalMessages);
    }

    [Fact]
    public void Should_leave_earlier_snapshots_unchanged_when_more_prices_arrive()
    {
        var table = new PriceTable(Window, 10, 1);
        table.Apply(Price("AAPL", 100, 1), At(0));
        var before = table.Snapshot(At(0));

        table.Apply(Price("AAPL", 120, 2), At(0.1));

        Assert.Equal(100, Assert.Single(before.Rows).Last);
        Assert.Equal(1, before.TotalMessages);
    }

    private static TimeSpan At(double seconds) => TimeSpan.FromSeconds(seconds);

    private static PubSubMessage Price(string symbol, double price, long seq) =>
        Message("prices", $"{{\"symbol\":\"{symbol}\",\"price\":{price.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"seq\":{seq},\"ts\":1}}");

    private static PubSubMessage Message(string channel, string payload) =>
        new(Encoding.UTF8.GetBytes(channel), Encoding.UTF8.GetBytes(payload), ReadOnlyMemory<byte>.Empty);
}

using System.Globalization;
using ActorRooms.Clients.Terminal;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ActorRooms.Clients.Reader;

/// <summary>
/// The reader's default view: a Spectre.Console live table redrawn every refresh interval from the latest
/// <see cref="LiveTableBoard"/> snapshot — symbol, last price, change and % change since the first price seen,
/// ticks per second, time since the last tick — with the overall message rate, the last non-price payloads, and
/// the last log lines under it (while it runs, log lines go here instead of the terminal, which would tear the
/// display). The redraw rate is fixed, whatever the message rate.
/// </summary>
public sealed class LiveTableView(IAnsiConsole console, LiveTableBoard board, ConsoleStatus status, TimeSpan refreshInterval)
{
    private const int LogLinesShown = 4;

    /// <summary>Draws until <paramref name="cancellationToken"/> is cancelled, then draws once more and leaves the last frame on screen.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var attached = status.AttachView();
        await console.Live(Render())
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .Cropping(VerticalOverflowCropping.Bottom)
            .StartAsync(async context =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    context.UpdateTarget(Render());
                    try
                    {
                        await Task.Delay(refreshInterval, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                context.UpdateTarget(Render());
            });
    }

    /// <summary>One frame from the board's current snapshot.</summary>
    public IRenderable Render() => Render(board.Snapshot, board.Status, status.RecentLines(), status.StatusLine);

    /// <summary>One frame: header, price table, other messages, recent log lines.</summary>
    public static IRenderable Render(PriceTableSnapshot snapshot, ReaderStatus readerStatus, IReadOnlyList<string> logLines, string? statusLine)
    {
        var parts = new List<IRenderable>
        {
            new Markup($"[bold]ActorRooms reader[/] — {Markup.Escape(readerStatus.Target)} on {Markup.Escape(readerStatus.Server)} — "
                + (readerStatus.Joined ? "[green]joined[/]" : $"[yellow]{Markup.Escape(readerStatus.State)}[/]")
                + (readerStatus.Sequence is { } sequence ? $"\n[grey]{Markup.Escape(sequence)}[/]" : string.Empty)),
            PriceGrid(snapshot),
            new Markup(
                $"[bold]{snapshot.MessagesPerSecond.ToString("N0", CultureInfo.InvariantCulture)}[/] msg/s · "
                + $"{snapshot.TotalMessages.ToString("N0", CultureInfo.InvariantCulture)} messages · "
                + $"{snapshot.OtherMessages.ToString("N0", CultureInfo.InvariantCulture)} not prices"
                + (snapshot.HiddenSymbols > 0 ? $" · {snapshot.HiddenSymbols} more symbols not shown" : string.Empty)),
        };

        if (snapshot.RecentOther.Count > 0)
        {
            var other = new Table().Border(TableBorder.Simple).Title("[bold]Other messages[/]")
                .AddColumn("Room").AddColumn("Payload");
            foreach (var message in snapshot.RecentOther)
            {
                other.AddRow(new Text(message.Channel), new Text(message.Text));
            }

            parts.Add(other);
        }

        if (statusLine is not null)
        {
            parts.Add(new Text(statusLine, new Style(Color.Grey)));
        }

        foreach (var line in logLines.Skip(Math.Max(0, logLines.Count - LogLinesShown)))
        {
            parts.Add(new Text(line, new Style(Color.Grey)));
        }

        return new Rows(parts);
    }

    private static Table PriceGrid(PriceTableSnapshot snapshot)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Symbol")
            .AddColumn(new TableColumn("Last").RightAligned())
            .AddColumn(new TableColumn("Change").RightAligned())
            .AddColumn(new TableColumn("% Change").RightAligned())
            .AddColumn(new TableColumn("Ticks/s").RightAligned())
            .AddColumn(new TableColumn("Since last").RightAligned())
            .AddColumn(new TableColumn("Ticks").RightAligned());
        if (snapshot.Rows.Count == 0)
        {
            table.AddRow(new Markup("[grey]waiting for prices…[/]"));
            return table;
        }

        foreach (var row in snapshot.Rows)
        {
            var tick = row.Last > row.Previous ? "green" : row.Last < row.Previous ? "red" : "default";
            var trend = row.Change > 0 ? "green" : row.Change < 0 ? "red" : "default";
            table.AddRow(
                new Markup($"[bold]{Markup.Escape(row.Symbol)}[/]"),
                new Markup($"[{tick}]{FormatPrice(row.Last)}[/]"),
                new Markup($"[{trend}]{(row.Change >= 0 ? "+" : string.Empty)}{FormatPrice(row.Change, row.Last)}[/]"),
                new Markup($"[{trend}]{row.ChangePercent.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)} %[/]"),
                new Text(row.TicksPerSecond.ToString("N1", CultureInfo.InvariantCulture)),
                new Text(FormatAge(row.SinceLastTick)),
                new Text(row.Ticks.ToString("N0", CultureInfo.InvariantCulture)));
        }

        return table;
    }

    /// <summary>
    /// Six significant digits of <paramref name="scale"/> (the price itself by default), at least two decimals:
    /// 190.123, 60,123.45, 1.08512; a change is shown with its price's decimals (+0.548 for AAPL, +0.00709 for EURUSD).
    /// </summary>
    public static string FormatPrice(double value, double? scale = null)
    {
        var reference = Math.Abs(scale ?? value);
        var magnitude = reference == 0 ? 0 : (int)Math.Floor(Math.Log10(reference));
        var decimals = Math.Clamp(5 - magnitude, 2, 8);
        return value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>0.04 s, 3.2 s, 2 min 5 s.</summary>
    public static string FormatAge(TimeSpan age) =>
        age < TimeSpan.FromSeconds(10) ? $"{age.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s"
        : age < TimeSpan.FromMinutes(1) ? $"{age.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s"
        : $"{(int)age.TotalMinutes} min {age.Seconds} s";
}

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ActorRooms.Benchmarks;

/// <summary>
/// Writes the results: a Markdown table (ActorRooms, redis-server, nats-server, and ActorRooms's ratio to each peer),
/// the raw JSON, and a fan-out chart.
/// </summary>
public static class Report
{
    public const string Ours = "actorrooms";
    public const string Theirs = "redis";
    public const string Nats = ServerUnderTest.Nats;

    /// <summary>The report column a server kind belongs in: a three-node ActorRooms cluster is still ActorRooms.</summary>
    public static string Server(string kind) => kind == ServerUnderTest.Cluster ? Ours : kind;

    public static string Markdown(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| Scenario | Variant | Metric | ActorRooms (median, min–max) | redis-server (median, min–max) | nats-server (median, min–max) | vs redis (>1: ActorRooms better) | vs nats (>1: ActorRooms better) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Scenario} | {row.Variant} | {row.Metric} | {Cell(row, Ours)} | {Cell(row, Theirs)} | {Cell(row, Nats)} | {RatioCell(row, Theirs)} | {RatioCell(row, Nats)} |");
        }

        text.AppendLine();
        text.AppendLine("Notes per run:");
        text.AppendLine();
        foreach (var row in rows.Where(r => r.Notes.Values.Any(n => n.Count > 0)))
        {
            foreach (var (server, notes) in row.Notes.Where(n => n.Value.Count > 0))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {row.Scenario}, {row.Variant}, {server}: {string.Join("; ", notes)}");
            }
        }

        return text.ToString();
    }

    public static string Json(IReadOnlyList<Row> rows) => JsonSerializer.Serialize(
        rows.Select(r => new
        {
            r.Scenario,
            r.Variant,
            r.Metric,
            r.Unit,
            r.HigherIsBetter,
            Values = r.Values,
            Medians = r.Values.Keys.ToDictionary(k => k, r.Median),
            Ratio = r.Ratio(Ours, Theirs),
            RatioToNats = r.Ratio(Ours, Nats),
            r.Notes,
        }),
        new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Delivered msgs/s against subscriber count (F1), every server measured, log-scaled subscriber axis.</summary>
    public static void FanOutChart(IReadOnlyList<Row> rows, string path)
    {
        var fanOut = rows.Where(r => r.Scenario == "F1 fan-out").ToList();
        if (fanOut.Count == 0)
        {
            return;
        }

        var plot = new ScottPlot.Plot();
        foreach (var (server, label) in new[] { (Ours, "ActorRooms"), (Theirs, "redis-server"), (Nats, "nats-server") })
        {
            if (!fanOut.Any(r => r.Values.ContainsKey(server)))
            {
                continue;
            }

            var points = fanOut.Where(r => r.Values.ContainsKey(server)).ToList();
            var xs = points.Select(r => Math.Log10(SubscriberCount(r.Variant))).ToArray();
            var ys = points.Select(r => r.Median(server) / 1e6).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = label;
            line.MarkerSize = 8;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [0, 1, 2, 3], ["1", "10", "100", "1000"]);
        plot.Axes.Bottom.Label.Text = "subscribers (one room, one publisher, 128-byte messages)";
        plot.Axes.Left.Label.Text = "delivered messages per second (millions)";
        plot.Axes.SetLimitsY(0, fanOut.SelectMany(r => r.Values.Keys.Select(r.Median)).Max() / 1e6 * 1.15);
        plot.Title("F1 fan-out, median of runs, same 2-core machine");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(path, 900, 500);
    }

    private static string RatioCell(Row row, string theirs) =>
        row.Ratio(Ours, theirs) is { } ratio ? ratio.ToString("F2", CultureInfo.InvariantCulture) + "×" : "–";

    private static string Cell(Row row, string server)
    {
        if (!row.Values.TryGetValue(server, out var values))
        {
            return "–";
        }

        string Format(double v) => row.Unit == "×" ? v.ToString("F2", CultureInfo.InvariantCulture)
            : row.Unit != "msgs/s" ? v.ToString(v >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture)
            : v >= 1e6 ? (v / 1e6).ToString("F2", CultureInfo.InvariantCulture) + "M"
            : (v / 1e3).ToString("F1", CultureInfo.InvariantCulture) + "k";
        var unit = row.Unit == "msgs/s" ? " msgs/s" : " " + row.Unit;
        return values.Count == 1
            ? Format(values[0]) + unit
            : $"{Format(row.Median(server))}{unit} ({Format(values.Min())}–{Format(values.Max())})";
    }

    private static int SubscriberCount(string variant) =>
        int.Parse(variant.Split(", ")[2].Split(' ')[0], CultureInfo.InvariantCulture);
}

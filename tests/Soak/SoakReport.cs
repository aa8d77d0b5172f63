using System.Globalization;
using System.Text;

namespace ActorRooms.Soak;

/// <summary>The soak's report: the samples as CSV, a Markdown summary, and a PNG of memory and counts over time.</summary>
public static class SoakReport
{
    public static async Task WriteAsync(DirectoryInfo folder, string name, IReadOnlyList<SoakSample> samples, string summary, double loadEndMinute)
    {
        folder.Create();
        await File.WriteAllLinesAsync(Path.Combine(folder.FullName, $"{name}.csv"), [SoakSample.CsvHeader, .. samples.Select(s => s.ToCsv())]);
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, $"{name}.md"), Markdown(name, samples, summary, loadEndMinute));
        Chart(name, samples, loadEndMinute, Path.Combine(folder.FullName, $"{name}.png"));
    }

    private static string Markdown(string name, IReadOnlyList<SoakSample> samples, string summary, double loadEndMinute)
    {
        var text = new StringBuilder($"# Soak: {name}\n\n{summary}\n\n");
        text.Append("Per node: first sample under load, peak, last sample under load, and last sample after the load stopped.\n\n");
        text.Append("| node | metric | first | peak | end of load | after load |\n|---|---|---|---|---|---|\n");
        foreach (var node in samples.GroupBy(s => s.Node).OrderBy(g => g.Key))
        {
            var underLoad = node.Where(s => s.Minute <= loadEndMinute).ToList();
            var after = node.Where(s => s.Minute > loadEndMinute).ToList();
            foreach (var (metric, value) in Metrics)
            {
                var first = underLoad.Count > 0 ? value(underLoad[0]) : double.NaN;
                var end = underLoad.Count > 0 ? value(underLoad[^1]) : double.NaN;
                var last = after.Count > 0 ? value(after[^1]) : double.NaN;
                text.Append(CultureInfo.InvariantCulture, $"| {node.Key} | {metric} | {Cell(first)} | {Cell(node.Max(value))} | {Cell(end)} | {Cell(last)} |\n");
            }
        }

        return text.ToString();
    }

    // A node that stopped answering has no sample to show.
    private static string Cell(double value) => double.IsNaN(value) ? "–" : value.ToString("F1", CultureInfo.InvariantCulture);

    private static readonly (string Name, Func<SoakSample, double> Value)[] Metrics =
    [
        ("RSS (MB)", s => s.RssBytes / 1048576.0),
        ("GC heap (MB)", s => s.GcHeapBytes / 1048576.0),
        ("connections", s => s.Connections),
        ("rooms", s => s.Rooms),
        ("pattern subscriptions", s => s.Patterns),
    ];

    private static void Chart(string name, IReadOnlyList<SoakSample> samples, double loadEndMinute, string path)
    {
        var plot = new ScottPlot.Plot();
        foreach (var node in samples.GroupBy(s => s.Node).OrderBy(g => g.Key))
        {
            var minutes = node.Select(s => s.Minute).ToArray();
            var rss = plot.Add.Scatter(minutes, node.Select(s => s.RssBytes / 1048576.0).ToArray());
            rss.LegendText = $"node {node.Key} RSS (MB)";
            var heap = plot.Add.Scatter(minutes, node.Select(s => s.GcHeapBytes / 1048576.0).ToArray());
            heap.LegendText = $"node {node.Key} GC heap (MB)";
            var connections = plot.Add.Scatter(minutes, node.Select(s => (double)s.Connections).ToArray());
            connections.LegendText = $"node {node.Key} connections";
            connections.Axes.YAxis = plot.Axes.Right;
            var rooms = plot.Add.Scatter(minutes, node.Select(s => (double)s.Rooms).ToArray());
            rooms.LegendText = $"node {node.Key} rooms";
            rooms.Axes.YAxis = plot.Axes.Right;
        }

        var end = plot.Add.VerticalLine(loadEndMinute);
        end.LegendText = "load stops";
        plot.Title($"Soak: {name}");
        plot.Axes.Bottom.Label.Text = "minutes";
        plot.Axes.Left.Label.Text = "MB";
        plot.Axes.Right.Label.Text = "connections, rooms";
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(path, 1000, 550);
    }
}

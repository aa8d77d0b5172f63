using System.Globalization;
using System.Net;

namespace ActorRooms.EndToEnd.Tests.Web;

/// <summary>One scrape of <c>/metrics</c>, parsed from the Prometheus text format: each sample by its name and labels.</summary>
public sealed class MetricsScrape
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);

    private MetricsScrape(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var series = line[..space];
            var brace = series.IndexOf('{', StringComparison.Ordinal);
            var name = brace < 0 ? series : series[..brace];
            var labels = brace < 0 ? string.Empty : string.Join(",", series[(brace + 1)..^1].Split(',').Where(label => !label.StartsWith("otel_scope", StringComparison.Ordinal)));
            _samples[labels.Length == 0 ? name : $"{name}{{{labels}}}"] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }
    }

    public string Text { get; }

    /// <summary>Scrapes <c>http://endpoint/metrics</c>.</summary>
    public static async Task<MetricsScrape> TakeAsync(IPEndPoint http)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return new MetricsScrape(await client.GetStringAsync(new Uri($"http://{http}/metrics")));
    }

    /// <summary>The sample <c>name</c> or <c>name{label="value"}</c> (scope labels left out); fails when absent.</summary>
    public double this[string series] =>
        _samples.TryGetValue(series, out var value) ? value : throw new KeyNotFoundException($"No sample '{series}' in:\n{Text}");
}

namespace ActorRooms.Benchmarks;

/// <summary>
/// One line of the report: a scenario variant and one metric, with every run's value per server.
/// The medians and their ratio are what the report shows; min and max show the spread.
/// </summary>
public sealed record Row(string Scenario, string Variant, string Metric, string Unit, bool HigherIsBetter)
{
    public Dictionary<string, List<double>> Values { get; } = [];

    /// <summary>Side facts per server (CPU, memory, losses), joined into the table's notes.</summary>
    public Dictionary<string, List<string>> Notes { get; } = [];

    public void Add(string server, double value, string? note = null)
    {
        if (!Values.TryGetValue(server, out var values))
        {
            Values[server] = values = [];
            Notes[server] = [];
        }

        values.Add(value);
        if (note is not null)
        {
            Notes[server].Add(note);
        }
    }

    public double Median(string server)
    {
        var sorted = Values[server].Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>ActorRooms relative to redis-server, oriented so that above 1 means ActorRooms is better.</summary>
    public double? Ratio(string ours, string theirs)
    {
        if (!Values.ContainsKey(ours) || !Values.ContainsKey(theirs) || Median(theirs) == 0 || Median(ours) == 0)
        {
            return null;
        }

        return HigherIsBetter ? Median(ours) / Median(theirs) : Median(theirs) / Median(ours);
    }
}

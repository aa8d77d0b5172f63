namespace ActorRooms.Benchmarks;

/// <summary>
/// One line of the report: a scenario variant and one metric, with every run's value per server.
/// The medians and their ratios are what the report shows; min and max show the spread. A row that is not
/// <paramref name="Comparable"/> (a CPU share, a loss count) is shown side by side without a ratio.
/// </summary>
public sealed record Row(string Scenario, string Variant, string Metric, string Unit, bool HigherIsBetter, bool Comparable = true)
{
    public Dictionary<string, List<double>> Values { get; } = [];

    /// <summary>Side facts per server (CPU, memory, losses), joined into the table's notes.</summary>
    public Dictionary<string, List<string>> Notes { get; } = [];

    public void Add(string server, double value, string? note = null)
    {
        if (!Values.TryGetValue(server, out var values))
        {
            Values[server] = values = [];
            Notes.TryAdd(server, []);
        }

        values.Add(value);
        if (note is not null)
        {
            Notes[server].Add(note);
        }
    }

    /// <summary>A side fact for <paramref name="server"/> without a value (a run that had nothing to measure in this row).</summary>
    public void Note(string server, string note)
    {
        if (!Notes.TryGetValue(server, out var notes))
        {
            Notes[server] = notes = [];
        }

        notes.Add(note);
    }

    public double Median(string server)
    {
        var sorted = Values[server].Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>ActorRooms relative to another server, oriented so that above 1 means ActorRooms is better.</summary>
    public double? Ratio(string ours, string theirs)
    {
        if (!Comparable || !Values.ContainsKey(ours) || !Values.ContainsKey(theirs) || Median(theirs) == 0 || Median(ours) == 0)
        {
            return null;
        }

        return HigherIsBetter ? Median(ours) / Median(theirs) : Median(theirs) / Median(ours);
    }
}

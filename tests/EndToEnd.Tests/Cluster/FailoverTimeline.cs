using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// The steps of a failover as the surviving brokers logged them (Akka's cluster log lines, with their UTC
/// timestamps), measured from the moment a node was killed: detected unreachable, downed by the split-brain resolver,
/// removed by the leader. Where the rooms resumed is the readers' part (<see cref="RoomReader.ResumedAfter"/>).
/// </summary>
public sealed partial record FailoverTimeline(TimeSpan? Detected, TimeSpan? Downed, TimeSpan? Removed)
{
    /// <summary>Reads the steps from <paramref name="logLines"/> (any order, several nodes) logged after <paramref name="killedAt"/> (UTC).</summary>
    public static FailoverTimeline From(IEnumerable<string> logLines, DateTime killedAt)
    {
        var events = logLines
            .Select(line => (Line: line, At: Timestamp(line)))
            .Where(e => e.At is { } at && at >= killedAt)
            .OrderBy(e => e.At)
            .ToList();
        TimeSpan? First(params string[] markers) =>
            events.FirstOrDefault(e => markers.Any(m => e.Line.Contains(m, StringComparison.Ordinal))).At - killedAt;
        return new FailoverTimeline(
            First("as UNREACHABLE"),
            First("SBR is downing", "Marking unreachable node"),
            First("Leader is removing", "Member removed"));
    }

    public override string ToString() =>
        $"detected unreachable {Seconds(Detected)}, downed {Seconds(Downed)}, removed {Seconds(Removed)} after the kill";

    private static string Seconds(TimeSpan? at) => at is { } t ? $"{t.TotalSeconds:F1} s" : "(not logged)";

    // Akka's log line: [LEVEL][MM/dd/yyyy HH:mm:ss.fffZ][Thread ...][path] message
    private static DateTime? Timestamp(string line)
    {
        var match = LogTimestamp().Match(line);
        return match.Success && DateTime.TryParseExact(match.Groups[1].Value, "MM/dd/yyyy HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;
    }

    [GeneratedRegex(@"^\[[A-Z]+\]\[(\d\d/\d\d/\d{4} \d\d:\d\d:\d\d\.\d+)Z\]")]
    private static partial Regex LogTimestamp();
}

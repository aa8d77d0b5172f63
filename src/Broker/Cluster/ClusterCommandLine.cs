using Akka.Configuration;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// The cluster options given on the command line (<c>--cluster-port</c>, <c>--seed</c>, <c>--cluster-host</c>).
/// Giving any of them turns cluster mode on; absent ones keep their HOCON values.
/// </summary>
public sealed record ClusterCommandLine(int? Port, IReadOnlyList<string> Seeds, string? Hostname)
{
    /// <summary>True when any cluster option was given.</summary>
    public bool Any => Port is not null || Seeds.Count > 0 || Hostname is not null;

    /// <summary>The options as HOCON overrides of <c>actor-rooms.cluster</c>.</summary>
    public Config ToConfig()
    {
        if (!Any)
        {
            return Config.Empty;
        }

        var lines = new List<string> { $"{ClusterSettings.Section}.enabled = on" };
        if (Port is { } port)
        {
            lines.Add($"{ClusterSettings.Section}.port = {port}");
        }

        if (Seeds.Count > 0)
        {
            lines.Add($"{ClusterSettings.Section}.seed-nodes = [{string.Join(", ", Seeds.Select(Quote))}]");
        }

        if (Hostname is not null)
        {
            lines.Add($"{ClusterSettings.Section}.hostname = {Quote(Hostname)}");
        }

        return ConfigurationFactory.ParseString(string.Join('\n', lines));
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", string.Empty, StringComparison.Ordinal).Replace("\"", string.Empty, StringComparison.Ordinal) + "\"";
}

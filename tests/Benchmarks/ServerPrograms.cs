namespace ActorRooms.Benchmarks;

/// <summary>Checks before a run that every server asked for is known and its program is on PATH, so a run never fails half-way.</summary>
public static class ServerPrograms
{
    private static readonly Dictionary<string, (string Program, string Install)> External = new()
    {
        ["redis"] = ("redis-server", "apt-get install redis-server"),
        [ServerUnderTest.Nats] = ("nats-server", "apt-get install nats-server"),
    };

    /// <summary>A message naming what is unknown or missing, or null if every server can start.</summary>
    public static string? Missing(IEnumerable<string> servers)
    {
        foreach (var server in servers)
        {
            if (server is Report.Ours)
            {
                continue;
            }

            if (!External.TryGetValue(server, out var external))
            {
                return $"Unknown server '{server}' (actorrooms, redis, nats).";
            }

            if (!OnPath(external.Program))
            {
                return $"{external.Program} is not on PATH ({external.Install}), or leave {server} out of --servers.";
            }
        }

        return null;
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
}

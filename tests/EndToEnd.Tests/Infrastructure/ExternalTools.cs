namespace ActorRooms.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Finds the external programs the end-to-end tests drive (redis-server, redis-cli) on PATH. A test that needs a
/// missing one is skipped, so a newcomer without Redis installed still gets a green run, unless
/// <c>ACTORROOMS_REQUIRE_EXTERNAL_TOOLS=1</c> is set (CI sets it): then the test fails, so CI never passes by skipping.
/// </summary>
public static class ExternalTools
{
    /// <summary>The environment variable that turns a missing tool from a skip into a failure.</summary>
    public const string RequireVariable = "ACTORROOMS_REQUIRE_EXTERNAL_TOOLS";

    /// <summary>The path of redis-server, or skips (fails on CI) the calling test.</summary>
    public static string RedisServer => Require("redis-server", "redis-server is not installed (apt-get install redis-server)");

    /// <summary>The path of redis-cli, or skips (fails on CI) the calling test.</summary>
    public static string RedisCli => Require("redis-cli", "redis-cli is not installed (apt-get install redis-tools)");

    private static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>The full path of an executable named <paramref name="name"/> on PATH, or null.</summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in new[] { name, name + ".exe" })
            {
                var full = Path.Combine(directory, candidate);
                if (File.Exists(full) && IsExecutable(full))
                {
                    return full;
                }
            }
        }

        return null;
    }

    private static string Require(string name, string reason)
    {
        var found = Find(name);
        if (found is not null)
        {
            return found;
        }

        if (Required)
        {
            Assert.Fail($"{reason} ({RequireVariable}=1)");
        }

        Assert.Skip(reason);
        return null!;
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}

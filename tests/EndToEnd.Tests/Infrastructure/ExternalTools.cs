namespace ActorRooms.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Finds the external programs the end-to-end tests drive (redis-server, redis-cli, nats-server, ...) on PATH. A test that needs a
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

    /// <summary>The path of nats-server (the benchmark's second peer), or skips (fails on CI) the calling test.</summary>
    public static string NatsServer => Require("nats-server", "nats-server is not installed (apt-get install nats-server)");

    /// <summary>Debian's chromium (the live page's browser test drives it headless), or skips (fails on CI).</summary>
    public static string Chromium => Require("chromium", "chromium is not installed (apt-get install chromium chromium-driver)");

    /// <summary>Debian's chromedriver, matching its chromium, or skips (fails on CI): Selenium is pointed at it and downloads nothing.</summary>
    public static string ChromeDriver => Require("chromedriver", "chromedriver is not installed (apt-get install chromium-driver)");

    /// <summary>Debian's Python, called by its path: a pyenv python3 earlier on PATH would not see Debian's python3-redis.</summary>
    public const string DebianPython = "/usr/bin/python3";

    private static readonly Lazy<bool> PythonRedisInstalled = new(ImportsRedis);

    /// <summary>The path of node, with the client libraries installed beside the scenarios, or skips (fails on CI).</summary>
    public static string NodeWithClientLibraries(string scenarios)
    {
        var node = Require("node", "node is not installed (apt-get install nodejs npm)");
        if (!Directory.Exists(Path.Combine(scenarios, "node_modules")))
        {
            Unavailable($"the Node client libraries are not installed (run `npm ci` in {scenarios})");
        }

        return node;
    }

    /// <summary>Debian's /usr/bin/python3 with its redis module (python3-redis), or skips (fails on CI) the calling test.</summary>
    public static string PythonWithRedis =>
        PythonRedisInstalled.Value ? DebianPython : Unavailable("python3-redis is not installed (apt-get install python3-redis)");

    /// <summary>
    /// The path of tclsh, when Redis's test suite is in <paramref name="redisTests"/>, or skips (fails on CI) the
    /// calling test. The suite comes from tests/EndToEnd.Tests/RedisTcl/fetch-redis-tests.sh.
    /// </summary>
    public static string TclshWithRedisTests(string redisTests)
    {
        var tclsh = Require("tclsh", "tclsh is not installed (apt-get install tcl)");
        if (!File.Exists(Path.Combine(redisTests, "unit", "pubsub.tcl")))
        {
            Unavailable($"Redis's test suite is not in {redisTests} (run tests/EndToEnd.Tests/RedisTcl/fetch-redis-tests.sh)");
        }

        return tclsh;
    }

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

        return Unavailable(reason);
    }

    public static string Unavailable(string reason)
    {
        if (Required)
        {
            Assert.Fail($"{reason} ({RequireVariable}=1)");
        }

        Assert.Skip(reason);
        return null!;
    }

    // One bounded run of `python3 -c "import redis"`.
    private static bool ImportsRedis()
    {
        if (!File.Exists(DebianPython))
        {
            return false;
        }

        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(DebianPython, ["-c", "import redis"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            return false;
        }

        return process.ExitCode == 0;
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}

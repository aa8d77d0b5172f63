using System.Globalization;
using System.Text.RegularExpressions;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.RedisCli;

namespace ActorRooms.EndToEnd.Tests.Readme;

/// <summary>
/// README.md cannot drift (issue 21): every command of its code blocks is either run here, in README order, against
/// the broker its first command starts, or listed in <see cref="NotRun"/> with the reason. A command added to the
/// README without being classified here fails the suite.
/// </summary>
/// <remarks>
/// Commands run as pasted into bash, with three substitutions a person on a shared machine would make too: the built
/// programs stand for <c>dotnet run --project ...</c>, the broker's free port for 6380 (and a redis-server's for
/// 6379), and <c>--port 0</c> for a broker's default port. A command that runs until Ctrl+C (a subscriber, a pump, a
/// live table) is started, must print what the README promises within a bounded wait, and is stopped at the end.
/// </remarks>
[Collection(RedisCliCollection.Name)]
public sealed partial class ReadmeCommandSpecs
{
    private const string Payload = "{\"symbol\":\"AAPL\",\"price\":187.25}";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly string BrokerDll = Path.Combine(AppContext.BaseDirectory, "ActorRooms.Broker.dll");
    private static readonly string ClientsDll = Path.Combine(AppContext.BaseDirectory, "ActorRooms.Clients.dll");

    /// <summary>README commands not run, and why.</summary>
    private static readonly Dictionary<string, string> NotRun = new(StringComparer.Ordinal)
    {
        ["dotnet test"] = "runs this very suite",
        ["dotnet run --project src/Broker -- [--port N] [--bind ADDR] [--http-port N] [--config FILE] [--no-protected-mode]"] =
            "a synopsis, not a command: its options are checked against --help (Should_list_every_option_of_the_synopsis_when_the_broker_is_asked_for_help)",
        ["[--cluster-port N] [--seed HOST:PORT ...] [--cluster-host ADDR] [--help]"] = "the synopsis's second line",
    };

    /// <summary>What each run command must print: until then for one that runs until stopped, in its output for one that ends.</summary>
    private static readonly Dictionary<string, (bool RunsUntilStopped, string Prints)> Run = new(StringComparer.Ordinal)
    {
        ["dotnet run --project src/Broker"] = (true, "ActorRooms broker listening on 127.0.0.1:"),
        ["redis-cli -p 6380 SUBSCRIBE prices"] = (true, "subscribe\nprices\n1\n"),
        ["redis-cli -p 6380 PUBLISH prices '" + Payload + "'"] = (false, "1\n"),
        ["redis-cli -p 6380 PSUBSCRIBE 'px.*'"] = (true, "psubscribe\npx.*\n1\n"),
        ["redis-cli -p 6380 PUBSUB NUMSUB prices"] = (false, "prices\n1\n"),
        ["redis-cli -3 -p 6380 SUBSCRIBE prices"] = (true, "subscribe\nprices\n1\n"),
        ["redis-cli -p 6380 INFO stats"] = (false, "# Stats\n"),
        ["redis-cli -p 6380 ROOM.PUBLISH prices '" + Payload + "' KEY AAPL"] = (false, "\n"),
        ["redis-cli -p 6380 ROOM.LAST prices"] = (false, "AAPL\n"),
        ["redis-cli -p 6380 SUBSCRIBE 'room:prices?snapshot&policy=conflate'"] = (true, "subscribe\nroom:prices?snapshot&policy=conflate\n1\n"),
        ["redis-cli -p 6380 ROOM.INFO prices"] = (false, "members\n"),
        ["dotnet run --project src/Clients -- reader --snapshot"] = (true, "ActorRooms reader — room 'prices'"),
        ["dotnet run --project src/Clients -- demo"] = (true, "Demo broker on 127.0.0.1:"),
        ["dotnet run --project src/Clients -- broker"] = (true, "ActorRooms broker listening on 127.0.0.1:"),
        ["dotnet run --project src/Clients -- reader"] = (true, "ActorRooms reader — room 'prices'"),
        ["dotnet run --project src/Clients -- pump --rate 1000"] = (true, "receivers"),
        ["dotnet run --project src/Clients -- reader --raw --count 200 > p.jsonl"] = (false, string.Empty),
        ["dotnet run --project src/Clients -- pump --per-symbol-rooms --seed 42"] = (true, "to 'prices.<SYMBOL>'"),
        ["dotnet run --project src/Clients -- reader --pattern 'prices.*'"] = (true, "ActorRooms reader — pattern 'prices.*'"),
        ["dotnet run --project src/Clients -- pump --port 6379"] = (true, "Connected to 127.0.0.1:"),
        ["echo -n 'secret' | dotnet run --project src/Broker -- hash-password --user alice"] = (false, "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b\n"),
    };

    [Fact]
    public void Should_classify_every_command_of_the_readme_when_the_readme_changes()
    {
        var commands = ReadmeCommands.From(File.ReadAllText(ReadmeCommands.ReadmePath));

        var unclassified = commands.Where(c => !Run.ContainsKey(c) && !NotRun.ContainsKey(c)).ToList();
        var gone = Run.Keys.Concat(NotRun.Keys).Where(c => !commands.Contains(c)).ToList();

        Assert.True(unclassified.Count == 0, "README commands this check neither runs nor excuses:\n" + string.Join('\n', unclassified));
        Assert.True(gone.Count == 0, "Commands this check knows that README.md no longer has:\n" + string.Join('\n', gone));
    }

    [Fact]
    public async Task Should_run_every_command_of_the_readme_as_written_when_the_broker_it_starts_is_up()
    {
        var redisServer = ExternalTools.RedisServer;
        _ = ExternalTools.RedisCli;
        var folder = Directory.CreateTempSubdirectory("readme-").FullName;
        await using var redis = await RedisServerProcess.StartAsync(redisServer);
        var running = new List<ShellCommand>();
        try
        {
            var brokerPort = 0;
            foreach (var command in ReadmeCommands.From(await File.ReadAllTextAsync(ReadmeCommands.ReadmePath)).Where(Run.ContainsKey))
            {
                var (runsUntilStopped, prints) = Run[command];
                var shell = ShellCommand.Start(AsRunHere(command, brokerPort, redis.Endpoint.Port, runsUntilStopped), folder);
                if (runsUntilStopped)
                {
                    running.Add(shell);
                    await shell.WaitForOutputAsync(prints, Bound);
                    if (brokerPort == 0)
                    {
                        brokerPort = int.Parse(BrokerPort().Match(shell.Output).Groups[1].Value, CultureInfo.InvariantCulture);
                    }

                    continue;
                }

                await using (shell)
                {
                    var exitCode = await shell.ExitCodeAsync(Bound);
                    Assert.True(exitCode == 0, $"'{command}' exited {exitCode}: {shell.Output}");
                    Assert.Contains(prints, shell.Output, StringComparison.Ordinal);
                    Assert.DoesNotMatch(ErrorLine(), shell.Output);
                }
            }

            // The PUBLISH reached the first reader, as "terminal 1" shows; the raw reader wrote 200 payloads.
            Assert.Contains(Payload, running.Single(s => s.Text.StartsWith("exec redis-cli -p ", StringComparison.Ordinal) && s.Text.Contains(" SUBSCRIBE prices", StringComparison.Ordinal)).Output, StringComparison.Ordinal);
            Assert.Equal(200, (await File.ReadAllLinesAsync(Path.Combine(folder, "p.jsonl"))).Length);
        }
        finally
        {
            foreach (var shell in running)
            {
                await shell.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Should_list_every_option_of_the_synopsis_when_the_broker_is_asked_for_help()
    {
        var synopsis = string.Join(' ', NotRun.Keys.Where(k => k.Contains("[--", StringComparison.Ordinal))).Replace("--project", string.Empty, StringComparison.Ordinal);

        var (exitCode, help, _) = await CliProcess.RunAsync("dotnet", Bound, BrokerDll, "--help");

        Assert.Equal(0, exitCode);
        Assert.All(OptionName().Matches(synopsis).Select(m => m.Value), option => Assert.Contains(option, help, StringComparison.Ordinal));
    }

    // The README's command as it runs on this machine: built programs, the test's ports, exec for the long-running
    // ones (so stopping the shell stops the program), stderr with stdout.
    private static string AsRunHere(string command, int brokerPort, int redisPort, bool runsUntilStopped)
    {
        var port = brokerPort.ToString(CultureInfo.InvariantCulture);
        var text = command
            .Replace("dotnet run --project src/Broker --", $"dotnet {BrokerDll}", StringComparison.Ordinal)
            .Replace("dotnet run --project src/Clients --", $"dotnet {ClientsDll}", StringComparison.Ordinal)
            .Replace("-p 6380", $"-p {port}", StringComparison.Ordinal)
            .Replace("--port 6379", $"--port {redisPort.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal);
        if (text == "dotnet run --project src/Broker")
        {
            text = $"dotnet {BrokerDll} --port 0";
        }
        else if (text.StartsWith($"dotnet {ClientsDll}", StringComparison.Ordinal) && !text.Contains("--port", StringComparison.Ordinal))
        {
            // A broker or demo of its own takes a free port; a client goes to the README's broker.
            var portOption = text.Contains(" broker", StringComparison.Ordinal) || text.Contains(" demo", StringComparison.Ordinal) ? " --port 0" : $" --port {port}";
            var redirect = text.IndexOf(" > ", StringComparison.Ordinal);
            text = redirect < 0 ? text + portOption : text.Insert(redirect, portOption);
        }

        return runsUntilStopped ? $"exec {text} 2>&1" : text;
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex BrokerPort();

    [GeneratedRegex(@"(?m)^(\(error\) |ERR |NOPERM |WRONGPASS |Unhandled exception)")]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"--[a-z-]+")]
    private static partial Regex OptionName();
}

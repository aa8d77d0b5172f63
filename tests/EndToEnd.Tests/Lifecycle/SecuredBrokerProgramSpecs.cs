using System.Diagnostics;
using System.Globalization;
using System.Net;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using static ActorRooms.EndToEnd.Tests.Security.SecuredBroker;

namespace ActorRooms.EndToEnd.Tests.Lifecycle;

/// <summary>The broker program's security: protected mode at start, and SIGHUP reloading the users.</summary>
public sealed class SecuredBrokerProgramSpecs
{
    private static readonly string BrokerDll = Path.Combine(AppContext.BaseDirectory, "ActorRooms.Broker.dll");
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_refuse_to_start_and_say_how_to_fix_it_when_bound_beyond_loopback_without_users()
    {
        var (exitCode, _, errors) = await CliProcess.RunAsync("dotnet", Bound, BrokerDll, "--bind", "0.0.0.0", "--port", "0");

        Assert.Equal(2, exitCode);
        Assert.Contains("Protected mode: refusing to listen on 0.0.0.0 with no users configured", errors, StringComparison.Ordinal);
        Assert.Contains("--no-protected-mode", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_start_when_bound_beyond_loopback_without_users_and_told_no_protected_mode()
    {
        using var broker = Start("--bind", "0.0.0.0", "--port", "0", "--no-protected-mode");
        try
        {
            var line = await ListeningLineAsync(broker);

            Assert.StartsWith("ActorRooms broker listening on 0.0.0.0:", line, StringComparison.Ordinal);
        }
        finally
        {
            broker.Kill();
        }
    }

    [Fact]
    public async Task Should_end_a_revoked_subscription_when_the_broker_is_sent_sighup()
    {
        var file = Path.Combine(Path.GetTempPath(), $"actor-rooms-sighup-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, UsersHocon([("alice", "alice-pw", true, [], ["chat.*", "prices.*"])]));
        var port = FreePort.Next();
        using var broker = Start("--config", file, "--port", port.ToString(CultureInfo.InvariantCulture));
        try
        {
            await ListeningLineAsync(broker);
            await using var alice = await RespConnection.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            await alice.SendCommandAsync("AUTH", "alice", "alice-pw");
            await alice.SendCommandAsync("SUBSCRIBE", "chat.lobby", "prices.AAPL");
            await alice.ReadFramesAsync(3);
            await File.WriteAllTextAsync(file, UsersHocon([("alice", "alice-pw", true, [], ["prices.*"])]));

            using (var hangup = Process.Start("kill", ["-s", "HUP", broker.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await hangup.WaitForExitAsync();
            }

            Assert.Equal("*3\r\n$11\r\nunsubscribe\r\n$10\r\nchat.lobby\r\n:1\r\n", Text(await alice.ReadFrameAsync(Bound)));
            Assert.False(broker.HasExited);
        }
        finally
        {
            broker.Kill();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Should_keep_serving_and_reload_again_later_when_sighup_meets_a_malformed_file()
    {
        // Issue 21: an unclosed '[' made every later SIGHUP time out, and the broker stopped about 90 s later.
        var file = Path.Combine(Path.GetTempPath(), $"actor-rooms-sighup-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, UsersHocon([("alice", "alice-pw", true, [], ["chat.*"])]));
        await using var broker = CliProcess.Start("dotnet", BrokerDll, "--config", file, "--port", "0");
        try
        {
            var port = await ClientPortAsync(broker);
            await File.WriteAllTextAsync(file, "actor-rooms.broker.security.users = [\n  x = 1\n");
            await HangUpAsync(broker);
            var refused = await broker.ReadLineStartingAsync("SIGHUP:", Bound);
            await File.WriteAllTextAsync(file, UsersHocon([("bob", "bob-pw", true, [], ["chat.*"])]));
            await HangUpAsync(broker);
            var reloaded = await broker.ReadLineStartingAsync("SIGHUP:", Bound);
            await using var bob = await RespConnection.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            await bob.SendCommandAsync("AUTH", "bob", "bob-pw");

            Assert.StartsWith($"SIGHUP: users not reloaded: Configuration file '{file}' is not valid HOCON: line 2:", refused, StringComparison.Ordinal);
            Assert.EndsWith("; the users in force are unchanged", refused, StringComparison.Ordinal);
            Assert.Equal("SIGHUP: users reloaded.", reloaded);
            Assert.Equal("+OK\r\n", Text(await bob.ReadFrameAsync(Bound)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task HangUpAsync(CliProcess broker)
    {
        using var hangup = Process.Start("kill", ["-s", "HUP", broker.Id.ToString(CultureInfo.InvariantCulture)]);
        await hangup.WaitForExitAsync();
    }

    private static async Task<int> ClientPortAsync(CliProcess broker)
    {
        const string Banner = "ActorRooms broker listening on 127.0.0.1:";
        var line = await broker.ReadLineStartingAsync(Banner, Bound);
        return int.Parse(line[Banner.Length..].Split(' ')[0], CultureInfo.InvariantCulture);
    }


    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(BrokerDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the broker.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> ListeningLineAsync(Process broker)
    {
        string? line;
        do
        {
            line = await broker.StandardOutput.ReadLineAsync().WaitAsync(Bound);
        }
        while (line is not null && !line.StartsWith("ActorRooms broker listening", StringComparison.Ordinal));

        // Keep draining stdout so the broker never blocks on a full pipe.
        _ = broker.StandardOutput.ReadToEndAsync();
        return line ?? throw new InvalidOperationException("The broker ended its output before listening.");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Lifecycle;

/// <summary>
/// The broker program's answers to a bad command line or a bad file (issue 21): a message naming the option, key,
/// file and line; one line pointing at --help instead of the whole help; exit 1 for options, 2 for settings; and
/// never a hang or a crash.
/// </summary>
public sealed class BrokerCommandLineSpecs : IDisposable
{
    private static readonly string BrokerDll = Path.Combine(AppContext.BaseDirectory, "ActorRooms.Broker.dll");
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"broker-cli-{Guid.NewGuid():N}.conf");

    public void Dispose() => File.Delete(_file);

    [Theory]
    [InlineData(1, "--port must be a port number between 0 and 65535 (got 'abc')", "--port", "abc")]
    [InlineData(1, "--port must be a port number between 0 and 65535 (got '1.5')", "--port", "1.5")]
    [InlineData(1, "--port must be a port number between 0 and 65535 (got '99999999999')", "--port", "99999999999")]
    [InlineData(1, "--port must be a port number between 0 and 65535 (got '70000')", "--port", "70000")]
    [InlineData(1, "--cluster-port must be a port number between 0 and 65535 (got 'abc')", "--cluster-port", "abc")]
    [InlineData(1, "--cluster-host 'not a host' is not an IP address or a host name", "--cluster-host", "not a host")]
    [InlineData(1, "--bind 'notanip' is not an IP address", "--bind", "notanip")]
    [InlineData(1, "Unrecognized command or argument '--no-such-option'", "--no-such-option")]
    [InlineData(2, "Cluster address 'notanip.invalid' (--cluster-host, actor-rooms.cluster.hostname) does not resolve", "--port", "0", "--cluster-host", "notanip.invalid")]
    [InlineData(2, "Configuration file '/no/such/file.conf' does not exist", "--config", "/no/such/file.conf")]
    [InlineData(2, "Configuration key 'actor-rooms.broker.tls.cert-file' is invalid: cannot read '/no/such/server.crt'", "--port", "0", "--tls-port", "16399", "--tls-cert-file", "/no/such/server.crt", "--tls-key-file", "/no/such/server.key", "--tls-auth-clients", "no")]
    [InlineData(2, "Configuration key 'actor-rooms.broker.tls.cert-file' is invalid: a TLS port needs the server's certificate and key", "--port", "0", "--tls-port", "16399")]
    [InlineData(1, "Argument 'maybe' not recognized. Must be one of:", "--tls-auth-clients", "maybe")]
    public async Task Should_name_the_problem_point_at_help_and_exit_with_its_code_when_an_option_is_wrong(int expectedCode, string message, params string[] arguments)
    {
        var (exitCode, output, errors) = await CliProcess.RunAsync("dotnet", Bound, [BrokerDll, .. arguments]);

        Assert.Equal(expectedCode, exitCode);
        Assert.Contains(message, errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", output + errors, StringComparison.Ordinal);
        if (expectedCode == 1)
        {
            Assert.EndsWith("Run with --help for the options.", errors.TrimEnd(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("x = [\ny = 1\n", "line 2: unexpected '=' in the list opened at line 1")]
    [InlineData("x = {\ny = 1\n", "line 3: the '{' opened at line 1 is never closed")]
    [InlineData("x = \"abc\ny = 1\n", "line 1: a string is not closed")]
    [InlineData("x = 1\n}\ny = 2\n", "line 2: '}' closes nothing")]
    [InlineData("this is { not hocon [[[\n", "line 1: unexpected '[' after 'not hocon'")]
    [InlineData("actor-rooms.broker.max-clientz = 5\n", "Configuration key 'actor-rooms.broker.max-clientz' in 'FILE' is unknown; did you mean 'actor-rooms.broker.max-clients'?")]
    public async Task Should_exit_2_naming_the_file_and_line_when_the_config_file_is_malformed(string hocon, string problem)
    {
        await File.WriteAllTextAsync(_file, hocon);

        var (exitCode, _, errors) = await CliProcess.RunAsync("dotnet", Bound, BrokerDll, "--port", "0", "--config", _file);

        Assert.Equal(2, exitCode);
        Assert.Contains(_file, errors, StringComparison.Ordinal);
        Assert.Contains(problem.Replace("FILE", _file, StringComparison.Ordinal), errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_exit_2_naming_the_port_when_another_node_listens_on_the_cluster_port()
    {
        // Bound as Akka remoting binds (ReuseAddress: SO_REUSEADDR + SO_REUSEPORT on Linux), so a second remoting
        // would share the port silently; the broker must refuse instead.
        using var node = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        node.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        node.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        node.Listen(1);
        var port = ((IPEndPoint)node.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);

        var (exitCode, _, errors) = await CliProcess.RunAsync("dotnet", Bound, BrokerDll, "--port", "0", "--cluster-port", port);

        Assert.Equal(2, exitCode);
        Assert.Contains($"Cannot use cluster port 127.0.0.1:{port}: another program (another broker node?) already listens on it", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_join_the_first_node_on_a_free_port_when_a_second_node_is_given_only_seed_as_operations_md_shows()
    {
        // operations.md: "--cluster-port 4053 alone starts a one-node cluster at once, and others join it with
        // --seed 127.0.0.1:4053". A free port stands for 4053, which other work on this machine may hold.
        var clusterPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await using var first = CliProcess.Start("dotnet", BrokerDll, "--port", "0", "--cluster-port", clusterPort);
        var firstPort = await ClientPortAsync(first);
        await using var second = CliProcess.Start("dotnet", BrokerDll, "--port", "0", "--seed", $"127.0.0.1:{clusterPort}");
        var secondPort = await ClientPortAsync(second);

        await Eventually.HoldsAsync(
            async () => await MembersUpAsync(firstPort) == 2 && await MembersUpAsync(secondPort) == 2,
            Bound,
            "both nodes to see a cluster of two");
    }

    // The client port from the banner (Akka's log lines come first).
    private static async Task<int> ClientPortAsync(CliProcess broker)
    {
        const string Banner = "ActorRooms broker listening on 127.0.0.1:";
        string line;
        do
        {
            line = await broker.ReadLineAsync(Bound);
        }
        while (!line.StartsWith(Banner, StringComparison.Ordinal));

        return int.Parse(line[Banner.Length..].Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static async Task<int> MembersUpAsync(int port)
    {
        await using var connection = await RespConnection.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await connection.SendCommandAsync("INFO", "cluster");
        var info = System.Text.Encoding.Latin1.GetString(await connection.ReadFrameAsync());
        var field = info.Split("\r\n").FirstOrDefault(l => l.StartsWith("cluster_members_up:", StringComparison.Ordinal));
        return field is null ? 0 : int.Parse(field["cluster_members_up:".Length..], CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("secret\n", new string[0], 0, "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b\n")]
    [InlineData("secret", new string[0], 0, "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b\n")]
    [InlineData("secret\r\n", new[] { "--user", "bob" }, 0, "{ name = \"bob\", password-sha256 = \"2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b\"")]
    [InlineData("secret\n", new[] { "--user", "bad name" }, 1, "")]
    [InlineData("one\ntwo\n", new string[0], 1, "")]
    [InlineData("", new string[0], 1, "")]
    [InlineData("secret\n", new[] { "secret" }, 1, "")]
    public async Task Should_hash_one_line_and_refuse_what_the_broker_would_refuse_when_asked_hash_password(string input, string[] arguments, int expectedCode, string expectedOutput)
    {
        var (exitCode, output, errors) = await RunWithInputAsync(input, ["hash-password", .. arguments]);

        Assert.Equal(expectedCode, exitCode);
        Assert.Contains(expectedOutput, output, StringComparison.Ordinal);
        Assert.Equal(expectedCode != 0, errors.Length > 0);
        Assert.DoesNotContain("alice", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunWithInputAsync(string input, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(BrokerDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Bound);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        return (process.ExitCode, (await output).ReplaceLineEndings("\n"), await errors);
    }
}

using System.CommandLine;
using ActorRooms.Broker.Hosting;
using ActorRooms.Clients.Cli;
using ActorRooms.Clients.Hosting;
using ActorRooms.Clients.Tests.Support;
using Akka.Configuration;

namespace ActorRooms.Clients.Tests.Cli;

/// <summary>The command line as a script uses it: bad input gets a clear message and a non-zero exit code.</summary>
public sealed class CommandLineSpecs
{
    [Theory]
    [InlineData(new[] { "pump", "--bogus" }, "--bogus")]
    [InlineData(new[] { "pump", "--rate=-5" }, "(got -5)")]
    [InlineData(new[] { "pump", "--rate", "0" }, "--rate must be greater than 0 and at most 10,000,000 (got 0)")]
    [InlineData(new[] { "pump", "--rate", "fast" }, "Cannot parse argument 'fast' for option '--rate'")]
    [InlineData(new[] { "pump", "--room", "" }, "--room: the room must not be empty")]
    [InlineData(new[] { "pump", "--room", "  " }, "--room: the room must not be empty")]
    [InlineData(new[] { "pump", "--symbols", "AAPL,,MS FT" }, "the symbol 'MS FT' may only contain")]
    [InlineData(new[] { "pump", "--count", "0" }, "--count must be at least 1 (got 0)")]
    [InlineData(new[] { "pump", "--port", "70000" }, "--port must be between 1 and 65535 (got 70000)")]
    [InlineData(new[] { "reader", "--room", "a", "--pattern", "b.*" }, "--room and --pattern cannot be used together")]
    [InlineData(new[] { "pump", "--cacert", "ca.crt" }, "--cacert need --tls")]
    [InlineData(new[] { "reader", "--cert", "c.crt", "--key", "c.key" }, "--cert, --key need --tls")]
    [InlineData(new[] { "reader", "--pattern", "" }, "--pattern: the pattern must not be empty")]
    [InlineData(new[] { "reader", "--count", "-3" }, "--count must be at least 1")]
    [InlineData(new[] { "broker", "--bind", "not-an-ip" }, "--bind 'not-an-ip' is not an IP address")]
    [InlineData(new[] { "demo", "--rate", "-1" }, "")]
    [InlineData(new[] { "nonsense" }, "nonsense")]
    public async Task Should_explain_and_exit_non_zero_when_the_command_line_is_wrong(string[] args, string message)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        // The error and one line pointing at --help, not the whole help text.
        Assert.DoesNotContain("Usage:", error, StringComparison.Ordinal);
        Assert.Contains("--help", error.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pump", "x = [\ny = 1\n", "line 2: unexpected '=' in the list opened at line 1")]
    [InlineData("reader", "x = [\ny = 1\n", "line 2: unexpected '=' in the list opened at line 1")]
    [InlineData("pump", "x = {\ny = 1\n", "line 3: the '{' opened at line 1 is never closed")]
    [InlineData("reader", "x = \"abc\ny = 1\n", "line 1: a string is not closed")]
    [InlineData("pump", "x = 1\n}\n", "line 2: '}' closes nothing")]
    [InlineData("reader", "this is { not hocon [[[\n", "line 1: unexpected '['")]
    [InlineData("pump", "actor-rooms.clients.pump.ratee = 5\n", "did you mean 'actor-rooms.clients.pump.rate'?")]
    [InlineData("reader", "actor-rooms.clients.reader { veiw = raw }\n", "did you mean 'actor-rooms.clients.reader.view'?")]
    public async Task Should_exit_with_the_settings_code_naming_the_file_and_line_when_the_config_file_is_malformed(string command, string hocon, string problem)
    {
        var file = Path.Combine(Path.GetTempPath(), $"clients-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, hocon);
        try
        {
            var (code, _, _) = await RunAsync([command, "--config", file, "--no-retry"]).WaitAsync(TimeSpan.FromSeconds(20));
            var error = Assert.Throws<ConfigurationException>(() => ClientsConfiguration.Load(file));

            Assert.Equal(ExitCodes.BadSettings, code);
            Assert.Contains($"'{file}'", error.Message, StringComparison.Ordinal);
            Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Should_accept_own_symbols_in_start_prices_and_the_brokers_section_when_the_file_shares_both()
    {
        var file = Path.Combine(Path.GetTempPath(), $"clients-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, "actor-rooms.clients.pump.start-prices { XYZ = 5 }\nactor-rooms.broker.max-clients = 5\n");
        try
        {
            var config = ClientsConfiguration.Load(file);

            Assert.Equal(5, PumpSettings.Create(config).StartPrices["XYZ"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("pump")]
    [InlineData("reader")]
    [InlineData("broker")]
    [InlineData("demo")]
    public async Task Should_show_help_when_asked(string command)
    {
        var (code, output, _) = await RunAsync([command, "--help"]);

        Assert.Equal(0, code);
        Assert.Contains("--help", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_exit_with_the_unreachable_code_when_no_retry_is_given_and_nothing_listens()
    {
        var port = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (pump, _, _) = await RunAsync(["pump", "--port", port, "--no-retry"]).WaitAsync(TimeSpan.FromSeconds(20));
        var (reader, _, _) = await RunAsync(["reader", "--port", port, "--no-retry", "--raw"]).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ExitCodes.Unreachable, pump);
        Assert.Equal(ExitCodes.Unreachable, reader);
    }

    [Fact]
    public async Task Should_exit_with_the_settings_code_when_the_config_file_is_missing()
    {
        var (code, _, _) = await RunAsync(["pump", "--config", "/nonexistent/clients.conf"]);

        Assert.Equal(ExitCodes.BadSettings, code);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLineErrors.InvokeAsync(ClientCommands.Create(), args, new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}

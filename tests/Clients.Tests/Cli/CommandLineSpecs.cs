using System.CommandLine;
using ActorRooms.Clients.Cli;
using ActorRooms.Clients.Hosting;
using ActorRooms.Clients.Tests.Support;

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
        var code = await ClientCommands.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}

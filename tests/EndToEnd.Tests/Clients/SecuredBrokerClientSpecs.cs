using System.CommandLine;
using System.Globalization;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Security;
using ActorRooms.Clients.Cli;
using ActorRooms.Clients.Hosting;
using ActorRooms.Clients.Tests.Support;
using Akka.Configuration;

namespace ActorRooms.EndToEnd.Tests.Clients;

/// <summary>
/// The pump and the reader against a broker with users: they authenticate on connect (from --password or
/// ACTORROOMS_PASSWORD), and a refusal (WRONGPASS, NOPERM) ends them with <see cref="ExitCodes.Refused"/> instead of
/// a reconnect loop.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class SecuredBrokerClientSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private BrokerNode? _broker;

    private int Port => _broker!.Endpoint.Port;

    public async ValueTask InitializeAsync()
    {
        var users = ConfigurationFactory.ParseString($$"""
            actor-rooms.broker.security.users = [
              { name = pump, password-sha256 = "{{PasswordHash.ToHex("pump-pw")}}", publish = ["prices"] }
              { name = viewer, password-sha256 = "{{PasswordHash.ToHex("viewer-pw")}}", subscribe = ["prices"] }
            ]
            """);
        _broker = await BrokerNode.StartAsync(users.WithFallback(BrokerConfiguration.Load(port: 0)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task Should_deliver_prices_when_pump_and_reader_authenticate_with_their_users()
    {
        var config = ClientsConfiguration.Load(overrides: new Dictionary<string, object> { [$"{ConnectionSettings.Section}.port"] = Port });
        var output = new CollectingOutput();
        var readerConnection = ConnectionSettings.Create(config) with { User = "viewer", Password = "viewer-pw" };
        await using var reader = await ClientNode.StartReaderAsync(config, ReaderSettings.Create(config) with { View = ReaderView.Raw, Count = 50 }, readerConnection, output);
        await reader.Ready.WaitAsync(Bound);

        Environment.SetEnvironmentVariable(ClientOptions.PasswordVariable, "pump-pw");
        int pumpCode;
        try
        {
            pumpCode = await RunAsync("pump", "--user", "pump", "--count", "50", "--rate", "5000", "--no-retry");
        }
        finally
        {
            Environment.SetEnvironmentVariable(ClientOptions.PasswordVariable, null);
        }

        Assert.Equal(ExitCodes.Ok, pumpCode);
        Assert.Equal(ExitCodes.Ok, await reader.Completion.WaitAsync(Bound));
        Assert.Equal(50, output.Messages.Count);
    }

    [Theory]
    [InlineData("pump", "pump", "wrong")]
    [InlineData("reader", "viewer", "wrong")]
    [InlineData("reader", "pump", "pump-pw")]
    public async Task Should_exit_with_the_refused_code_without_retrying_when_the_broker_refuses(string command, string user, string password)
    {
        // No --no-retry: a refusal must not turn into a reconnect loop.
        var code = await RunAsync(command, "--user", user, "--password", password, "--count", "1");

        Assert.Equal(ExitCodes.Refused, code);
    }

    private async Task<int> RunAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = [.. arguments, "--port", Port.ToString(CultureInfo.InvariantCulture)];
        if (arguments[0] == "reader")
        {
            args = [.. args, "--raw"];
        }

        return await ClientCommands.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).WaitAsync(Bound);
    }
}

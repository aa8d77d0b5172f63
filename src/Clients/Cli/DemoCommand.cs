using System.CommandLine;
using System.Globalization;
using ActorRooms.Broker.Hosting;
using ActorRooms.Clients.Hosting;
using ActorRooms.Clients.Terminal;
using Akka.Configuration;

namespace ActorRooms.Clients.Cli;

/// <summary>
/// <c>demo</c>: a broker, a pump and a reader in one process, so a newcomer sees live prices with one command.
/// The broker listens on a free port by default (so a broker already on 6380 is no obstacle) and says which.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var port = ClientOptions.ListenPortOption("Port of the demo's broker (default 0: a free port, shown at start).");
        var rate = ClientOptions.RateOption("Pump rate in messages per second (default 400).");
        var seed = new Option<int?>("--seed") { Description = "Seed of the random walk (default: a new walk every run).", HelpName = "n" };
        var raw = new Option<bool>("--raw") { Description = "Show raw payload lines instead of the live table." };
        var count = ClientOptions.CountOption("Exit after the reader has received this many messages.");

        var command = new Command("demo", "Start a broker, a pump and a reader in this process and show live prices (Ctrl+C stops).")
        {
            port, rate, seed, raw, count,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            Config brokerConfig;
            try
            {
                // The broker's log lines go where the clients' go: into the live view, never onto stdout.
                brokerConfig = ConfigurationFactory.ParseString(
                        $"akka.loggers = [\"{TerminalLogger.HoconTypeName}\"]\nakka.stdout-loglevel = OFF\nakka.loglevel = WARNING")
                    .WithFallback(BrokerConfiguration.Load(port: parse.GetValue(port) ?? 0));
            }
            catch (ConfigurationException e)
            {
                return await ClientRun.BadSettingsAsync("demo", e);
            }

            BrokerNode broker;
            try
            {
                broker = await BrokerNode.StartAsync(brokerConfig, handleConsoleSignals: false, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync($"actor-rooms demo: {e.Message}");
                return ExitCodes.Failed;
            }

            await using (broker)
            {
                var overrides = new Dictionary<string, object>(StringComparer.Ordinal)
                {
                    [$"{ConnectionSettings.Section}.host"] = broker.Endpoint.Address.ToString(),
                    [$"{ConnectionSettings.Section}.port"] = broker.Endpoint.Port,
                    [$"{PumpSettings.Section}.rate"] = parse.GetValue(rate) ?? 400,
                };
                if (parse.GetValue(seed) is { } seedValue)
                {
                    overrides[$"{PumpSettings.Section}.seed"] = seedValue.ToString(CultureInfo.InvariantCulture);
                }

                if (parse.GetValue(raw))
                {
                    overrides[$"{ReaderSettings.Section}.view"] = "raw";
                }

                if (parse.GetValue(count) is { } countValue)
                {
                    overrides[$"{ReaderSettings.Section}.count"] = countValue;
                }

                Config config;
                PumpSettings pump;
                ReaderSettings reader;
                ConnectionSettings connection;
                try
                {
                    config = ClientsConfiguration.Load(overrides: overrides);
                    pump = PumpSettings.Create(config);
                    reader = ReaderSettings.Create(config);
                    connection = ConnectionSettings.Create(config);
                }
                catch (ConfigurationException e)
                {
                    return await ClientRun.BadSettingsAsync("demo", e);
                }

                ConsoleStatus.Shared.Log(
                    $"Demo broker on {broker.Endpoint} — try: redis-cli -p {broker.Endpoint.Port} SUBSCRIBE {reader.Room}   (Ctrl+C stops)");
                await using var session = await ReaderSession.StartAsync(config, reader, connection, cancellationToken);
                // Let the reader join before the first price, so it sees them all.
                await Task.WhenAny(session.Node.Ready, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
                await using var pumpNode = await ClientNode.StartPumpAsync(config, pump, connection, ConsoleStatus.Shared, cancellationToken);
                return await ClientRun.UntilDoneAsync(session.Node.Completion, cancellationToken);
            }
        });
        return command;
    }
}

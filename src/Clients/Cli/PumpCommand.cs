using System.CommandLine;
using System.Globalization;
using ActorRooms.Clients.Hosting;
using ActorRooms.Clients.Terminal;
using Akka.Configuration;

namespace ActorRooms.Clients.Cli;

/// <summary><c>pump</c>: publishes random-walk price ticks to a room until stopped or <c>--count</c> is reached.</summary>
public static class PumpCommand
{
    public static Command Create()
    {
        var shared = new ClientOptions();
        var room = ClientOptions.RoomOption("--room", "Room to publish to (default prices); with --per-symbol-rooms, the prefix of the rooms.");
        var symbols = new Option<string?>("--symbols") { Description = "Comma-separated symbols (default AAPL,MSFT,NVDA,EURUSD,GBPUSD,BTCUSD,ETHUSD,GOLD).", HelpName = "list" }.Check(SymbolsProblem);
        var rate = ClientOptions.RateOption("Messages per second over all symbols (default 1000; 100000 and more is fine).");
        var count = ClientOptions.CountOption("Stop after this many messages, once the server has answered them all.");
        var seed = new Option<int?>("--seed") { Description = "Seed of the random walk: the same seed gives the same prices (default: a new walk every run).", HelpName = "n" };
        var perSymbolRooms = new Option<bool>("--per-symbol-rooms") { Description = "Publish each symbol to <room>.<SYMBOL> instead of <room> (read them all with: reader --pattern 'prices.*')." };

        var command = new Command("pump", "Publish random-walk price ticks (JSON) to a room through a broker or redis-server.");
        shared.AddTo(command);
        command.Options.Add(room);
        command.Options.Add(symbols);
        command.Options.Add(rate);
        command.Options.Add(count);
        command.Options.Add(seed);
        command.Options.Add(perSymbolRooms);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = shared.Overrides(parse);
            const string section = PumpSettings.Section;
            if (parse.GetValue(room) is { } roomValue)
            {
                overrides[$"{section}.room"] = roomValue;
            }

            if (parse.GetValue(symbols) is { } symbolText)
            {
                overrides[$"{section}.symbols"] = NameRules.SplitSymbols(symbolText);
            }

            if (parse.GetValue(rate) is { } rateValue)
            {
                overrides[$"{section}.rate"] = rateValue;
            }

            if (parse.GetValue(count) is { } countValue)
            {
                overrides[$"{section}.count"] = countValue;
            }

            if (parse.GetValue(seed) is { } seedValue)
            {
                overrides[$"{section}.seed"] = seedValue.ToString(CultureInfo.InvariantCulture);
            }

            if (parse.GetValue(perSymbolRooms))
            {
                overrides[$"{section}.per-symbol-rooms"] = true;
            }

            Config config;
            PumpSettings pump;
            ConnectionSettings connection;
            try
            {
                config = ClientsConfiguration.Load(parse.GetValue(shared.Config)?.FullName, overrides);
                pump = PumpSettings.Create(config);
                connection = shared.WithCredentials(parse, ConnectionSettings.Create(config));
            }
            catch (ConfigurationException e)
            {
                return await ClientRun.BadSettingsAsync("pump", e);
            }

            return await RunAsync(config, pump, connection, cancellationToken);
        });
        return command;
    }

    private static string? SymbolsProblem(string? text)
    {
        var list = NameRules.SplitSymbols(text ?? string.Empty);
        if (list.Count == 0)
        {
            return "--symbols must name at least one symbol.";
        }

        if (list.Select(NameRules.SymbolProblem).OfType<string>().FirstOrDefault() is { } problem)
        {
            return $"--symbols: {problem}.";
        }

        return list.Distinct(StringComparer.Ordinal).Count() != list.Count ? "--symbols: a symbol is listed twice." : null;
    }

    /// <summary>Runs a pump until it is done or <paramref name="cancellationToken"/> fires.</summary>
    public static async Task<int> RunAsync(Config config, PumpSettings pump, ConnectionSettings connection, CancellationToken cancellationToken)
    {
        var status = ConsoleStatus.Shared;
        status.Log($"Pump: {pump.Rate.ToString("N0", CultureInfo.InvariantCulture)} msg/s of {string.Join(",", pump.Symbols)} to "
            + (pump.PerSymbolRooms ? $"'{pump.Room}.<SYMBOL>'" : $"'{pump.Room}'") + $" on {connection.Address}"
            + (pump.Count > 0 ? $", {pump.Count.ToString("N0", CultureInfo.InvariantCulture)} messages" : string.Empty) + ". Ctrl+C stops.");
        await using var node = await ClientNode.StartPumpAsync(config, pump, connection, status, cancellationToken);
        var code = await ClientRun.UntilDoneAsync(node.Completion, cancellationToken);
        status.EndStatusLine();
        return code;
    }
}

using System.Globalization;
using ActorRooms.Clients.Hosting;
using Akka.Configuration;
using Spectre.Console;

namespace ActorRooms.Clients.Menu;

/// <summary>
/// The original menu, for a person at a terminal who ran the program without arguments: <c>1</c> pump,
/// <c>2</c> reader, <c>3</c> broker, then the few settings each needs, with the defaults from
/// <c>hocon/clients.conf</c> shown. It only builds a command line; the subcommand then runs with all its checks.
/// </summary>
public static class MainMenu
{
    /// <summary>Asks, and returns the arguments of the chosen subcommand.</summary>
    public static string[] Ask(IAnsiConsole console)
    {
        var defaults = Defaults.Load();
        console.Write(new Rule("[bold]ActorRooms[/]").LeftJustified());
        console.MarkupLine("  [bold]1[/]  pump    publish random-walk prices to a room");
        console.MarkupLine("  [bold]2[/]  reader  show the prices that arrive in a room, as a live table");
        console.MarkupLine("  [bold]3[/]  broker  start a broker node in this process");
        var choice = console.Prompt(new TextPrompt<string>("Choose")
            .AddChoices(["1", "2", "3"])
            .DefaultValue("1")
            .InvalidChoiceMessage("[red]Type 1, 2 or 3.[/]"));

        return choice switch
        {
            "1" => AskPump(console, defaults),
            "2" => AskReader(console, defaults),
            _ => AskBroker(console),
        };
    }

    private static string[] AskPump(IAnsiConsole console, Defaults defaults)
    {
        var (host, port) = AskServer(console, defaults);
        var room = console.Prompt(new TextPrompt<string>("Room").DefaultValue(defaults.PumpRoom).Validate(Room));
        var symbols = console.Prompt(new TextPrompt<string>("Symbols").DefaultValue(defaults.Symbols).Validate(text =>
        {
            var list = NameRules.SplitSymbols(text);
            var problem = list.Count == 0 ? "name at least one symbol" : list.Select(NameRules.SymbolProblem).OfType<string>().FirstOrDefault();
            return problem is null ? ValidationResult.Success() : ValidationResult.Error($"[red]{Markup.Escape(problem)}[/]");
        }));
        var rate = console.Prompt(new TextPrompt<double>("Messages per second").DefaultValue(defaults.Rate).Validate(value =>
            value > 0 && value <= PumpSettings.MaxRate ? ValidationResult.Success() : ValidationResult.Error("[red]Give a rate above 0.[/]")));
        return ["pump", "--host", host, "--port", Text(port), "--room", room, "--symbols", symbols, "--rate", Text(rate)];
    }

    private static string[] AskReader(IAnsiConsole console, Defaults defaults)
    {
        var (host, port) = AskServer(console, defaults);
        var room = console.Prompt(new TextPrompt<string>("Room, or a pattern such as prices.*").DefaultValue(defaults.ReaderRoom).Validate(Room));
        var view = console.Prompt(new TextPrompt<string>("View").AddChoices(["table", "raw"]).DefaultValue("table"));
        string[] args = ["reader", "--host", host, "--port", Text(port), room.IndexOfAny(['*', '?', '[']) >= 0 ? "--pattern" : "--room", room];
        return view == "raw" ? [.. args, "--raw"] : args;
    }

    private static string[] AskBroker(IAnsiConsole console)
    {
        var port = console.Prompt(new TextPrompt<int>("Port").DefaultValue(6380).Validate(p =>
            p is >= 0 and <= 65535 ? ValidationResult.Success() : ValidationResult.Error("[red]Give a port from 0 to 65535.[/]")));
        var bind = console.Prompt(new TextPrompt<string>("Listen on address").DefaultValue("127.0.0.1").Validate(a =>
            System.Net.IPAddress.TryParse(a, out _) ? ValidationResult.Success() : ValidationResult.Error("[red]Give an IP address.[/]")));
        return ["broker", "--port", Text(port), "--bind", bind];
    }

    private static (string Host, int Port) AskServer(IAnsiConsole console, Defaults defaults)
    {
        var host = console.Prompt(new TextPrompt<string>("Server host").DefaultValue(defaults.Host));
        var port = console.Prompt(new TextPrompt<int>("Server port").DefaultValue(defaults.Port).Validate(p =>
            p is >= 1 and <= 65535 ? ValidationResult.Success() : ValidationResult.Error("[red]Give a port from 1 to 65535.[/]")));
        return (host, port);
    }

    private static ValidationResult Room(string room) =>
        NameRules.RoomProblem(room) is { } problem ? ValidationResult.Error($"[red]{Markup.Escape(problem)}[/]") : ValidationResult.Success();

    private static string Text(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>The defaults shown in the prompts: from hocon/clients.conf, or built-in ones if it cannot be read.</summary>
    private sealed record Defaults(string Host, int Port, string PumpRoom, string Symbols, double Rate, string ReaderRoom)
    {
        public static Defaults Load()
        {
            try
            {
                var config = ClientsConfiguration.Load();
                var connection = ConnectionSettings.Create(config);
                var pump = PumpSettings.Create(config);
                var reader = ReaderSettings.Create(config);
                return new Defaults(connection.Host, connection.Port, pump.Room, string.Join(",", pump.Symbols), pump.Rate, reader.Pattern ?? reader.Room);
            }
            catch (ConfigurationException)
            {
                // The subcommand will report the broken file with its key; the menu still works.
                return new Defaults("127.0.0.1", 6380, "prices", "AAPL,MSFT,EURUSD,BTCUSD", 1000, "prices");
            }
        }
    }
}

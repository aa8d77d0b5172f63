using System.Globalization;
using System.Text;
using ActorRooms.Broker.Hosting;
using Akka.Configuration;

namespace ActorRooms.Clients.Hosting;

/// <summary>
/// Builds a client's configuration: command-line overrides, then an optional <c>--config</c> file, then the
/// defaults in <c>hocon/clients.conf</c> that ship beside the binary.
/// </summary>
public static class ClientsConfiguration
{
    /// <summary>The defaults file, resolved against the binary's folder (not the working directory).</summary>
    public static string DefaultsPath => Path.Combine(AppContext.BaseDirectory, "hocon", "clients.conf");

    /// <summary>Loads the layered configuration; <paramref name="overrides"/> maps full keys to values.</summary>
    /// <exception cref="ConfigurationException">A file is missing, is not valid HOCON or has an unknown key; the message names the file.</exception>
    public static Config Load(string? extraFile = null, IReadOnlyDictionary<string, object>? overrides = null)
    {
        var config = HoconFile.Parse(DefaultsPath);
        if (extraFile is not null)
        {
            var file = HoconFile.Parse(extraFile);
            // Start prices are a map of the user's own symbols; the broker's sections are the broker's to check.
            KnownKeys.From(config, openObjects: [PumpSettings.Section + ".start-prices"], otherPrograms: [BrokerSettings.Section, KnownKeys.Root + ".cluster"])
                .Check(file, extraFile);
            config = file.WithFallback(config);
        }

        if (overrides is { Count: > 0 })
        {
            var text = new StringBuilder();
            foreach (var (key, value) in overrides)
            {
                text.Append(key).Append(" = ").Append(Literal(value)).Append('\n');
            }

            config = ConfigurationFactory.ParseString(text.ToString()).WithFallback(config);
        }

        return config;
    }

    /// <summary>A value as a HOCON literal: strings quoted and escaped, so no user input can change the structure.</summary>
    private static string Literal(object value) => value switch
    {
        string s => Quote(s),
        bool b => b ? "on" : "off",
        IEnumerable<string> list => "[" + string.Join(", ", list.Select(Quote)) + "]",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString() ?? string.Empty),
    };

    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\r' => quoted.Append("\\r"),
                '\t' => quoted.Append("\\t"),
                < ' ' => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}

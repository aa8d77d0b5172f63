using Akka.Configuration;

namespace ActorRooms.Broker.Hosting;

/// <summary>
/// Builds the broker's configuration: command-line overrides, then an optional <c>--config</c> file, then the
/// defaults in <c>hocon/broker.conf</c> that ship beside the binary.
/// </summary>
public static class BrokerConfiguration
{
    /// <summary>The defaults file, resolved against the binary's folder (not the working directory).</summary>
    public static string DefaultsPath => Path.Combine(AppContext.BaseDirectory, "hocon", "broker.conf");

    /// <summary>Loads the layered configuration.</summary>
    /// <exception cref="ConfigurationException">A file is missing or is not valid HOCON; the message names the file.</exception>
    public static Config Load(string? extraFile = null, int? port = null, string? bind = null)
    {
        var config = HoconFile.Parse(DefaultsPath);
        if (extraFile is not null)
        {
            config = HoconFile.Parse(extraFile).WithFallback(config);
            // Remembered so that ACL LOAD and SIGHUP re-read the users from the same file.
            config = ConfigurationFactory.ParseString($"{BrokerSettings.Section}.config-file = \"{Escape(Path.GetFullPath(extraFile))}\"").WithFallback(config);
        }

        if (bind is not null)
        {
            config = ConfigurationFactory.ParseString($"{BrokerSettings.Section}.bind = \"{bind.Replace("\"", string.Empty, StringComparison.Ordinal)}\"").WithFallback(config);
        }

        if (port is not null)
        {
            config = ConfigurationFactory.ParseString($"{BrokerSettings.Section}.port = {port.Value}").WithFallback(config);
        }

        return config;
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}

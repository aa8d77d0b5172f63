using ActorRooms.Broker.Cluster;
using Akka.Configuration;

namespace ActorRooms.Broker.Hosting;

/// <summary>
/// Builds the broker's configuration: command-line overrides, then an optional <c>--config</c> file, then the
/// defaults in <c>hocon/broker.conf</c> and <c>hocon/cluster.conf</c> that ship beside the binary.
/// </summary>
public static class BrokerConfiguration
{
    /// <summary>The defaults file, resolved against the binary's folder (not the working directory).</summary>
    public static string DefaultsPath => Path.Combine(AppContext.BaseDirectory, "hocon", "broker.conf");

    /// <summary>The cluster defaults, inert until cluster mode is turned on.</summary>
    public static string ClusterDefaultsPath => Path.Combine(AppContext.BaseDirectory, "hocon", "cluster.conf");

    /// <summary>The clients program's section: a --config file may hold it too (one file for both programs), and the clients check it.</summary>
    public const string ClientsSection = KnownKeys.Root + ".clients";

    /// <summary>
    /// Loads the layered configuration. A node given <c>--seed</c> but no <c>--cluster-port</c> (nor a port in its
    /// file) joins others and takes any free cluster port, so a second node on one machine never collides with the
    /// first one's default 4053.
    /// </summary>
    /// <param name="extraFile">A <c>--config</c> file whose keys override the defaults.</param>
    /// <param name="port">The client port (<c>--port</c>).</param>
    /// <param name="bind">The client address (<c>--bind</c>).</param>
    /// <param name="cluster">Cluster options from the command line; any of them turns cluster mode on.</param>
    /// <param name="httpPort">The HTTP port (<c>--http-port</c>; 0: any free port).</param>
    /// <exception cref="ConfigurationException">A file is missing, is not valid HOCON or has an unknown key; the message names the file.</exception>
    public static Config Load(string? extraFile = null, int? port = null, string? bind = null, ClusterCommandLine? cluster = null, int? httpPort = null)
    {
        var config = HoconFile.Parse(DefaultsPath).WithFallback(HoconFile.Parse(ClusterDefaultsPath));
        if (extraFile is not null)
        {
            var file = HoconFile.Parse(extraFile);
            KnownKeys.From(config, openObjects: [], otherPrograms: [ClientsSection]).Check(file, extraFile);
            if (cluster is { Seeds.Count: > 0, Port: null } && !file.HasPath(ClusterSettings.Section + ".port"))
            {
                cluster = cluster with { Port = 0 };
            }

            config = file.WithFallback(config);
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

        if (httpPort is not null)
        {
            config = ConfigurationFactory.ParseString($"{BrokerSettings.Section}.http.port = {httpPort.Value}").WithFallback(config);
        }

        if (cluster is { Seeds.Count: > 0, Port: null } && extraFile is null)
        {
            cluster = cluster with { Port = 0 };
        }

        if (cluster is not null)
        {
            config = cluster.ToConfig().WithFallback(config);
        }

        return config;
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}

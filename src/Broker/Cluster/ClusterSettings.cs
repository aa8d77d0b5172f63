using ActorRooms.Broker.Hosting;
using Akka.Configuration;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// Cluster mode, read from the <c>actor-rooms.cluster</c> section (defaults in <c>hocon/cluster.conf</c>, which is
/// loaded only when cluster mode is asked for). Without it the broker is a single node and starts no remoting.
/// </summary>
public sealed record ClusterSettings
{
    /// <summary>The HOCON section this record is read from.</summary>
    public const string Section = "actor-rooms.cluster";

    /// <summary>The default cluster name, and the ActorSystem name of a single node.</summary>
    public const string DefaultName = "actor-rooms";

    /// <summary>The cluster role every broker node has; pub/sub and room owners run on it.</summary>
    public const string Role = "broker";

    /// <summary>Single-node mode: no remoting, no cluster.</summary>
    public static ClusterSettings Disabled { get; } = new() { Enabled = false, Name = DefaultName, Hostname = "127.0.0.1", Port = 0, SeedNodes = [], OwnerAckTimeout = TimeSpan.FromSeconds(5), Shards = 1 };

    public required bool Enabled { get; init; }

    /// <summary>
    /// The cluster's name: the ActorSystem name, part of every node's address. Nodes join only a cluster of their
    /// own name, so two broker clusters on one network (say, production and staging) can never merge by a wrong seed.
    /// </summary>
    public required string Name { get; init; }

    /// <summary>The address Akka remoting binds (and, unless <see cref="PublicHostname"/> is set, advertises).</summary>
    public required string Hostname { get; init; }

    /// <summary>The address other nodes use to reach this one, when it differs from <see cref="Hostname"/> (NAT, containers).</summary>
    public string? PublicHostname { get; init; }

    /// <summary>Akka remoting port (0: any free port, for tests).</summary>
    public required int Port { get; init; }

    /// <summary>The port other nodes use to reach this one, when it differs from <see cref="Port"/> (NAT, a relay); null: <see cref="Port"/>.</summary>
    public int? PublicPort { get; init; }

    /// <summary>Seed nodes as <c>host:port</c>. Empty: this node starts a new cluster on its own.</summary>
    public required IReadOnlyList<string> SeedNodes { get; init; }

    /// <summary>How long a node waits for a room owner to take a publish batch before answering PUBLISH without it.</summary>
    public required TimeSpan OwnerAckTimeout { get; init; }

    /// <summary>Shards the room owners are spread over; the same on every node.</summary>
    public required int Shards { get; init; }

    /// <summary>How long a room owner with no follower and no publish lives before it passivates (zero: never).</summary>
    public TimeSpan OwnerPassivateAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Seed nodes as Akka addresses.</summary>
    public IReadOnlyList<string> SeedAddresses => SeedNodes.Select(s => $"{(RemotingTls ? "akka.ssl.tcp" : "akka.tcp")}://{Name}@{s}").ToList();

    /// <summary>
    /// Akka.Remote's DotNetty transport runs TLS (<c>akka.remote.dot-netty.tcp.enable-ssl</c>, docs/security.md): node
    /// addresses then use the <c>akka.ssl.tcp</c> protocol, and seeds must too, or the node cannot even try to join.
    /// </summary>
    public bool RemotingTls { get; init; }

    /// <summary>Reads the <c>actor-rooms.cluster</c> section; disabled when it is absent or <c>enabled = off</c>.</summary>
    /// <exception cref="ConfigurationException">A key is missing or wrong; the message names it.</exception>
    public static ClusterSettings Create(Config root)
    {
        if (!root.HasPath(Section) || !root.GetBoolean($"{Section}.enabled", false))
        {
            return Disabled;
        }

        var c = new SectionReader(root, Section);
        var seeds = root.GetStringList($"{Section}.seed-nodes", []) ?? [];
        foreach (var seed in seeds)
        {
            if (!IsHostPort(seed))
            {
                throw c.Invalid("seed-nodes", $"'{seed}' is not HOST:PORT");
            }
        }

        var publicHostname = root.GetString($"{Section}.public-hostname", string.Empty);
        var name = c.String("name");
        if (!IsSystemName(name))
        {
            throw c.Invalid("name", $"'{name}' is not a cluster name (letters, digits, '-' and '_', starting with a letter or digit)");
        }

        return new ClusterSettings
        {
            Enabled = true,
            Name = name,
            Hostname = c.String("hostname"),
            PublicHostname = string.IsNullOrWhiteSpace(publicHostname) ? null : publicHostname,
            Port = c.Int("port", 0, 65535),
            PublicPort = c.Int("public-port", 0, 65535) is var publicPort and > 0 ? publicPort : null,
            SeedNodes = seeds.ToList(),
            RemotingTls = root.HasPath("akka.remote.dot-netty.tcp.enable-ssl") && root.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"),
            OwnerAckTimeout = c.Duration("owner-ack-timeout", allowZero: false),
            Shards = c.Int("shards", 1, 100_000),
            OwnerPassivateAfter = c.Duration("owner-passivate-after", allowZero: true),
        };
    }

    // Akka's rule for ActorSystem names.
    private static bool IsSystemName(string name) =>
        name.Length > 0 && char.IsAsciiLetterOrDigit(name[0]) && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_');

    /// <summary>True for <c>host:port</c> with a port in 1..65535.</summary>
    public static bool IsHostPort(string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0
            && int.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            && port is > 0 and <= 65535;
    }
}

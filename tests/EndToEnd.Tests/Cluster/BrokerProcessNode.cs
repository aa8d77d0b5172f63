using System.Globalization;
using System.Net;
using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>One broker program in cluster mode, started as a person would start it, on fixed loopback ports.</summary>
public sealed class BrokerProcessNode : IAsyncDisposable
{
    private static readonly string BrokerDll = Path.Combine(AppContext.BaseDirectory, "ActorRooms.Broker.dll");
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly CliProcess _process;

    private BrokerProcessNode(CliProcess process, int port, int clusterPort)
    {
        _process = process;
        Port = port;
        ClusterPort = clusterPort;
    }

    public int Port { get; }

    public int ClusterPort { get; }

    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);

    /// <summary>
    /// Starts the program and waits for its banner. Every node gets the same <paramref name="seedClusterPorts"/>, as
    /// docs/operations.md recommends: the first seed starts the cluster when none is running, any node restarted later
    /// joins the running one.
    /// </summary>
    public static Task<BrokerProcessNode> StartAsync(int port, int clusterPort, IReadOnlyList<int> seedClusterPorts, string configFile) =>
        StartAsync(port, clusterPort, [.. seedClusterPorts.Select(seed => $"127.0.0.1:{Text(seed)}")], configFile);

    /// <summary>As above, with seeds given as <c>host:port</c> (a node's public address, when it advertises another).</summary>
    public static Task<BrokerProcessNode> StartAsync(int port, int clusterPort, IReadOnlyList<string> seeds, string configFile) =>
        StartAsync(port, clusterPort, seeds, configFile, new Dictionary<string, string>());

    /// <summary>As above, with <paramref name="environment"/> added to the program's (e.g. its trust store, SSL_CERT_FILE).</summary>
    public static async Task<BrokerProcessNode> StartAsync(
        int port, int clusterPort, IReadOnlyList<string> seeds, string configFile, IReadOnlyDictionary<string, string> environment)
    {
        List<string> arguments = [BrokerDll, "--port", Text(port), "--cluster-port", Text(clusterPort), "--config", configFile];
        foreach (var seed in seeds)
        {
            arguments.AddRange(["--seed", seed]);
        }

        var process = CliProcess.Start("dotnet", keepInputOpen: false, environment, [.. arguments]);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            var line = await process.ReadLineAsync(deadline - DateTime.UtcNow);
            if (line.StartsWith("ActorRooms broker listening", StringComparison.Ordinal))
            {
                return new BrokerProcessNode(process, port, clusterPort);
            }
        }
    }

    /// <summary>This node's INFO cluster field, read over a fresh connection; an <see cref="IOException"/> when the node is shutting down.</summary>
    public async Task<int> ClusterFieldAsync(string field)
    {
        await using var connection = await RespConnection.ConnectAsync(Endpoint);
        await connection.SendCommandAsync("INFO", "cluster");
        var info = Encoding.Latin1.GetString(await connection.ReadFrameAsync());
        if (info.StartsWith("-ERR the broker is shutting down", StringComparison.Ordinal))
        {
            // A node on its way out (downed, or stopping) keeps its port until its connections have closed and
            // answers newcomers so: to the caller that is the same as a port that refuses.
            throw new IOException($"The node on port {Port} is shutting down.");
        }

        var start = info.IndexOf(field + ":", StringComparison.Ordinal);
        Assert.True(start >= 0, $"INFO has no {field}: {info}");
        var value = info[(start + field.Length + 1)..info.IndexOf('\r', start)];
        return int.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until this node sees <paramref name="up"/> members Up and none unreachable.</summary>
    public Task WaitForMembersAsync(int up, TimeSpan timeout) => Eventually.HoldsAsync(
        async () => await ClusterFieldAsync("cluster_members_up") == up
            && await ClusterFieldAsync("cluster_members") == up
            && await ClusterFieldAsync("cluster_unreachable") == 0,
        timeout,
        $"node on port {Port} to see {up} members Up and none unreachable");

    /// <summary>The program's log lines since the last call (for a test's diagnostics).</summary>
    public IReadOnlyList<string> TakeOutput() => _process.TakeOutput();

    /// <summary>Waits up to <paramref name="timeout"/> for the program to exit on its own (a downed node does); true if it did.</summary>
    public Task<bool> ExitedWithinAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    /// <summary>SIGKILL: the node vanishes without leaving the cluster.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.CommandLine;
using System.Runtime.InteropServices;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Security;
using ActorRooms.Broker.Tls;
using Akka.Configuration;
using Microsoft.Extensions.Hosting;

var portOption = PortOption.Create("--port", "TCP port to listen on (default 6380, from hocon/broker.conf).");
var httpPortOption = PortOption.Create(
    "--http-port",
    "HTTP port for the live page, WebSocket (/ws), /metrics and /health (default 6390 with the default --port; 0: any free port).");
var bindOption = new Option<string?>("--bind") { Description = "IP address to listen on (default 127.0.0.1)." };
bindOption.Validators.Add(result =>
{
    if (result.GetValue(bindOption) is { } bind && !System.Net.IPAddress.TryParse(bind, out _))
    {
        result.AddError($"--bind '{bind}' is not an IP address.");
    }
});
var clusterPortOption = PortOption.Create(
    "--cluster-port",
    "Cluster mode: Akka remoting port for node-to-node traffic (clients never use it). Default 4053; with --seed, any free port.");
var seedOption = new Option<string[]>("--seed")
{
    Description = "Cluster mode: HOST:PORT of a node to join (its --cluster-port); repeat for several. None: start a new cluster.",
    AllowMultipleArgumentsPerToken = false,
};
seedOption.Validators.Add(result =>
{
    foreach (var seed in result.GetValue(seedOption) ?? [])
    {
        if (!ClusterSettings.IsHostPort(seed))
        {
            result.AddError($"--seed '{seed}' is not HOST:PORT (the other node's --cluster-port).");
        }
    }
});
var clusterHostOption = new Option<string?>("--cluster-host") { Description = "Cluster mode: address Akka remoting binds and advertises (default 127.0.0.1)." };
clusterHostOption.Validators.Add(result =>
{
    // A host name is resolved when the node starts (ClusterPortProbe); here only its shape is checked.
    if (result.GetValue(clusterHostOption) is { } host && !System.Net.IPAddress.TryParse(host, out _) && Uri.CheckHostName(host) != UriHostNameType.Dns)
    {
        result.AddError($"--cluster-host '{host}' is not an IP address or a host name.");
    }
});
var configOption = new Option<FileInfo?>("--config") { Description = "Extra HOCON file whose keys override the defaults (users are reloaded from it on ACL LOAD or SIGHUP)." };
var noProtectedModeOption = new Option<bool>("--no-protected-mode")
{
    Description = "Allow listening on a non-loopback address with no users configured (anyone who reaches it may use every room).",
};
var tlsOptions = new TlsCommandLine();

var root = new RootCommand("ActorRooms broker: a Redis-protocol pub/sub room broker on Akka.NET.")
{
    portOption,
    bindOption,
    httpPortOption,
    configOption,
    clusterPortOption,
    seedOption,
    clusterHostOption,
    noProtectedModeOption,
    HashPasswordCommand.Create(),
};
foreach (var option in tlsOptions.Options)
{
    root.Options.Add(option);
}

root.SetAction(async (parse, cancellationToken) =>
{
    BrokerNode node;
    try
    {
        var cluster = new ClusterCommandLine(parse.GetValue(clusterPortOption), parse.GetValue(seedOption) ?? [], parse.GetValue(clusterHostOption));
        var config = BrokerConfiguration.Load(parse.GetValue(configOption)?.FullName, parse.GetValue(portOption), parse.GetValue(bindOption), cluster, parse.GetValue(httpPortOption));
        config = tlsOptions.Apply(parse, config, parse.GetValue(portOption));
        if (parse.GetValue(noProtectedModeOption))
        {
            config = ConfigurationFactory.ParseString($"{SecuritySettings.Section}.protected-mode = off").WithFallback(config);
        }

        node = await BrokerNode.StartAsync(config, cancellationToken: cancellationToken);
    }
    catch (Exception e) when (e is ConfigurationException or InvalidOperationException)
    {
        await Console.Error.WriteLineAsync($"actor-rooms broker: {e.Message}");
        return 2;
    }

    await Console.Out.WriteLineAsync(node.Settings.Tls.PlainText
        ? $"ActorRooms broker listening on {node.Endpoint} (Redis protocol; try: redis-cli -p {node.Endpoint.Port} PING). Ctrl+C stops it."
        : $"ActorRooms broker listening on {node.Endpoint} with TLS only (try: redis-cli --tls --cacert CA.pem -p {node.Endpoint.Port} PING). Ctrl+C stops it.");
    if (node.Settings.Tls.PlainText && node.TlsEndpoint is { } tls)
    {
        await Console.Out.WriteLineAsync($"TLS on {tls} (try: redis-cli --tls --cacert CA.pem -p {tls.Port} PING).");
    }

    if (node.PageUri is { } page)
    {
        await Console.Out.WriteLineAsync($"Live page: {page} (rooms over WebSocket at {page}ws, Prometheus metrics at {page}metrics).");
    }

    if (node.Cluster.Enabled)
    {
        await Console.Out.WriteLineAsync(node.Cluster.SeedNodes.Count == 0
            ? $"Cluster mode: node {node.ClusterAddress} started a new cluster; other nodes join with --seed {node.Cluster.PublicHostname ?? node.Cluster.Hostname}:{node.ClusterAddress?.Port}."
            : $"Cluster mode: node {node.ClusterAddress} joining {string.Join(", ", node.Cluster.SeedNodes)}.");
    }

    // SIGHUP reloads the users, as ACL LOAD does, and with TLS on the certificate files (and does not stop the
    // broker, which is SIGHUP's default).
    using var reloadOnHangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
    {
        signal.Cancel = true;
        _ = ReloadOnHangupAsync(node);
    });
    await node.Host.WaitForShutdownAsync(CancellationToken.None);
    await node.DisposeAsync();
    await Console.Out.WriteLineAsync("ActorRooms broker stopped.");
    return 0;
});

return await CommandLineErrors.InvokeAsync(root, args);

static async Task ReloadOnHangupAsync(BrokerNode node)
{
    await ReportReloadAsync("users", node.ReloadUsersAsync);
    if (node.Settings.Tls.Enabled)
    {
        await ReportReloadAsync("TLS certificates", node.ReloadTlsCertificatesAsync);
    }
}

static async Task ReportReloadAsync(string what, Func<Task<string?>> reload)
{
    try
    {
        var error = await reload();
        await Console.Out.WriteLineAsync(error is null ? $"SIGHUP: {what} reloaded." : $"SIGHUP: {what} not reloaded: {error}");
    }
    catch (Exception e) when (e is Akka.Actor.AskTimeoutException or OperationCanceledException)
    {
        await Console.Error.WriteLineAsync($"SIGHUP: {what} not reloaded: {e.Message}");
    }
}

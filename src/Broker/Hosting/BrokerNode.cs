using System.Net;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Security;
using ActorRooms.Broker.Stats;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRooms.Broker.Hosting;

/// <summary>
/// A running broker node: an IHost with its ActorSystem, and the address it listens on. The broker program, the
/// clients' "broker" menu entry, the demo and the end-to-end tests all start brokers this way.
/// </summary>
public sealed class BrokerNode : IAsyncDisposable
{
    private readonly IHost _host;

    private BrokerNode(IHost host, IPEndPoint endpoint, IPEndPoint? tlsEndpoint, BrokerSettings settings, ClusterSettings cluster, BrokerCounters counters)
    {
        _host = host;
        Endpoint = endpoint;
        TlsEndpoint = tlsEndpoint;
        Settings = settings;
        Cluster = cluster;
        Counters = counters;
    }

    /// <summary>Where clients connect (the real port when 0 was configured): the plain-text port, or the TLS port when it is the only one.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The TLS port's address, or null when TLS is off.</summary>
    public IPEndPoint? TlsEndpoint { get; }

    public BrokerSettings Settings { get; }

    /// <summary>Cluster mode, or <see cref="ClusterSettings.Disabled"/>.</summary>
    public ClusterSettings Cluster { get; }

    public BrokerCounters Counters { get; }

    /// <summary>This node's cluster address (with the real port when 0 was configured); null on a single node.</summary>
    public Akka.Actor.Address? ClusterAddress => Cluster.Enabled ? Akka.Cluster.Cluster.Get(System).SelfAddress : null;

    /// <summary>The host, for <c>WaitForShutdownAsync</c>.</summary>
    public IHost Host => _host;

    /// <summary>The node's actor system (tests reach individual actors through it).</summary>
    internal Akka.Actor.ActorSystem System => _host.Services.GetRequiredService<Akka.Actor.ActorSystem>();

    /// <summary>Starts a node with <paramref name="config"/> (see <see cref="BrokerConfiguration.Load"/>) and waits until it listens.</summary>
    /// <param name="config">The layered configuration.</param>
    /// <param name="handleConsoleSignals">
    /// True when this node alone stops on Ctrl+C / SIGTERM (the broker program). False when a program runs several
    /// hosts and stops them in its own order (the clients' demo and menu).
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ConfigurationException">
    /// A setting is wrong, protected mode refuses to open the broker on its address, or the cluster address or port
    /// cannot be had (<see cref="ClusterPortProbe"/>).
    /// </exception>
    /// <exception cref="InvalidOperationException">The port cannot be bound.</exception>
    public static async Task<BrokerNode> StartAsync(Config config, bool handleConsoleSignals = true, CancellationToken cancellationToken = default)
    {
        var settings = BrokerSettings.Create(config);
        var cluster = ClusterSettings.Create(config);
        if (SecuritySettings.ProtectedModeProblem(settings.Bind, settings.Security.Users, settings.Security.ProtectedMode) is { } refused)
        {
            throw new ConfigurationException(refused);
        }

        ClusterPortProbe.EnsureFree(cluster);
        var counters = new BrokerCounters();
        var bound = new TaskCompletionSource<EndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tlsBound = new TaskCompletionSource<EndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownGrace + TimeSpan.FromSeconds(10));
        if (!handleConsoleSignals)
        {
            builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        }

        builder.Services.AddAkka(cluster.Name, (akka, _) => akka.WithActorRoomsBroker(config, settings, counters, bound, cluster, tlsBound));
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var tlsEndpoint = settings.Tls.Enabled ? (IPEndPoint)await tlsBound.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken) : null;
            var endpoint = settings.Tls.PlainText ? (IPEndPoint)await bound.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken) : tlsEndpoint!;
            return new BrokerNode(host, endpoint, tlsEndpoint, settings, cluster, counters);
        }
        catch
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reloads the users from the configuration file, as ACL LOAD does (the broker program calls it on SIGHUP).
    /// Returns null when the new users are in force, or why the old ones stay.
    /// </summary>
    public async Task<string?> ReloadUsersAsync()
    {
        var users = await _host.Services.GetRequiredService<ActorRegistry>().GetAsync<UsersActor>();
        var reloaded = await users.Ask<UsersReloaded>(new ReloadUsers(0), TimeSpan.FromSeconds(10));
        return reloaded.Error;
    }

    /// <summary>Stops gracefully: stop accepting, flush, close connections, stop the ActorSystem.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}

using System.Net;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Security;
using ActorRooms.Broker.Stats;
using ActorRooms.Broker.Tls;
using ActorRooms.Broker.Web;
using ActorRooms.Broker.Web.Metrics;
using ActorRooms.Broker.Web.WebSockets;
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

    private BrokerNode(IHost host, IPEndPoint endpoint, IPEndPoint? tlsEndpoint, IPEndPoint? httpEndpoint, BrokerSettings settings, ClusterSettings cluster, BrokerCounters counters)
    {
        _host = host;
        Endpoint = endpoint;
        TlsEndpoint = tlsEndpoint;
        HttpEndpoint = httpEndpoint;
        Settings = settings;
        Cluster = cluster;
        Counters = counters;
    }

    /// <summary>Where clients connect (the real port when 0 was configured): the plain-text port, or the TLS port when it is the only one.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The TLS port's address, or null when TLS is off.</summary>
    public IPEndPoint? TlsEndpoint { get; }

    /// <summary>Where the HTTP listener (live page, WebSocket, metrics, health) listens; null when it is off.</summary>
    public IPEndPoint? HttpEndpoint { get; }

    /// <summary>The live page's address, or null when HTTP is off.</summary>
    public Uri? PageUri => HttpEndpoint is { } http ? new Uri($"http://{http}/") : null;

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
        var http = HttpSettings.Create(config, settings);
        var cluster = ClusterSettings.Create(config);
        foreach (var bind in http.Enabled ? [settings.Bind, http.Bind] : new[] { settings.Bind })
        {
            if (SecuritySettings.ProtectedModeProblem(bind, settings.Security.Users, settings.Security.ProtectedMode) is { } refused)
            {
                throw new ConfigurationException(refused);
            }
        }

        ClusterPortProbe.EnsureFree(cluster);
        var counters = new BrokerCounters();
        var web = new WebCounters();
        var bound = new TaskCompletionSource<EndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tlsBound = new TaskCompletionSource<EndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        IHostApplicationBuilder builder = http.Enabled
            ? WebFrontDoor.CreateBuilder(http)
            : Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownGrace + TimeSpan.FromSeconds(10));
        if (!handleConsoleSignals)
        {
            builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        }

        WebFrontDoor.AddBrokerMetrics(builder, http, (services, meter) => new BrokerMetrics(meter, counters, web, () => services.GetService<ActorSystem>()));
        builder.Services.AddAkka(cluster.Name, (akka, _) =>
        {
            akka.WithActorRoomsBroker(config, settings, counters, bound, cluster, tlsBound);
            if (http.Enabled)
            {
                akka.WithWebSockets(settings, counters, web);
            }
        });
        IHost host = builder is Microsoft.AspNetCore.Builder.WebApplicationBuilder webBuilder
            ? WebFrontDoor.Build(webBuilder, settings.Tls.PlainText ? bound.Task : tlsBound.Task, cluster)
            : ((HostApplicationBuilder)builder).Build();
        host.Services.GetRequiredService<BrokerMetrics>();
        try
        {
            await StartHostAsync(host, http, cancellationToken);
            var tlsEndpoint = settings.Tls.Enabled ? (IPEndPoint)await tlsBound.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken) : null;
            var endpoint = settings.Tls.PlainText ? (IPEndPoint)await bound.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken) : tlsEndpoint!;
            return new BrokerNode(host, endpoint, tlsEndpoint, http.Enabled ? WebFrontDoor.BoundEndpoint(host) : null, settings, cluster, counters);
        }
        catch
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
            throw;
        }
    }

    // Kestrel's bind failure (the port is taken) becomes the same kind of error as the Redis port's.
    private static async Task StartHostAsync(IHost host, HttpSettings http, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (IOException e) when (http.Enabled)
        {
            throw new InvalidOperationException(
                $"Cannot listen for HTTP on {new IPEndPoint(http.Bind, http.Port)} ({e.Message.Trim()}). Choose another port with --http-port, or turn HTTP off with {HttpSettings.Section}.port = off.", e);
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

    /// <summary>
    /// Reads the TLS port's certificate, key and CA files again from the paths the broker started with (the broker
    /// program calls it on SIGHUP when TLS is on): connections accepted from then on use them, open ones keep theirs.
    /// Returns null when the new files are in force, or why the old ones stay.
    /// </summary>
    /// <exception cref="InvalidOperationException">TLS is off.</exception>
    public async Task<string?> ReloadTlsCertificatesAsync()
    {
        if (!Settings.Tls.Enabled)
        {
            throw new InvalidOperationException("TLS is off on this broker: there are no certificates to reload.");
        }

        var certificates = await _host.Services.GetRequiredService<ActorRegistry>().GetAsync<TlsCertificatesActor>();
        var reloaded = await certificates.Ask<TlsCertificatesReloaded>(ReloadTlsCertificates.Instance, TimeSpan.FromSeconds(10));
        return reloaded.Error;
    }

    /// <summary>Stops gracefully: stop accepting, flush, close connections, stop the ActorSystem.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}

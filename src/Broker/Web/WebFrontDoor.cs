using System.Diagnostics.Metrics;
using System.Net;
using ActorRooms.Broker.Web.Metrics;
using ActorRooms.Broker.Web.WebSockets;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace ActorRooms.Broker.Web;

/// <summary>
/// The HTTP side of a broker node, in the same host as its ActorSystem: Kestrel on <see cref="HttpSettings"/>'s
/// address, the live page (static files shipped inside the assembly) at <c>/</c>, rooms over WebSocket at
/// <c>/ws</c>, Prometheus metrics at <c>/metrics</c>, and <c>/health/live</c>, <c>/health/ready</c>.
/// </summary>
public static class WebFrontDoor
{
    /// <summary>The page's files, embedded from <c>Web/wwwroot</c>.</summary>
    private const string PageResources = "ActorRooms.Broker.Web.wwwroot";

    /// <summary>A host builder with Kestrel bound to <paramref name="http"/> and nothing else of ASP.NET's defaults (no appsettings, no environment variables).</summary>
    public static WebApplicationBuilder CreateBuilder(HttpSettings http)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "ActorRooms.Broker", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(http.Bind, http.Port));
        builder.Services.AddRoutingCore();
        builder.Services.AddHostedService<CloseConnectionsBeforeKestrel>();
        return builder;
    }

    /// <summary>
    /// The broker's meter and its OpenTelemetry export: the Prometheus scrape endpoint when HTTP is on, OTLP push when
    /// an endpoint is configured. Registered on either kind of host (with HTTP off, dotnet-counters and OTLP still work).
    /// </summary>
    public static void AddBrokerMetrics(IHostApplicationBuilder builder, HttpSettings http, Func<IServiceProvider, Meter, BrokerMetrics> metrics)
    {
        var meter = BrokerMetrics.CreateMeter();
        builder.Services.AddSingleton(services => metrics(services, meter));
        if (!http.Enabled && http.OtlpEndpoint is null)
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("actor-rooms-broker"))
            .WithMetrics(meters =>
            {
                meters.AddMeter(BrokerMetrics.MeterName);
                // Meters are found by name process-wide: keep this broker's instruments, not another broker's in the
                // same process (without this, a scrape mixed or dropped them once several brokers had run).
                meters.AddView(instrument => ReferenceEquals(instrument.Meter, meter) ? null : MetricStreamConfiguration.Drop);
                if (http.Enabled)
                {
                    // Every scrape reads the figures now (the exporter would otherwise answer from a 300 ms cache).
                    meters.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                }

                if (http.OtlpExportUri is { } endpoint)
                {
                    meters.AddOtlpExporter((exporter, reader) =>
                    {
                        exporter.Endpoint = endpoint;
                        exporter.Protocol = http.OtlpProtocol;
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)http.OtlpInterval.TotalMilliseconds;
                    });
                }
            });
    }

    /// <summary>Builds the app and maps every endpoint; <c>/health/ready</c> waits for <paramref name="listenerBound"/> and, in a cluster, for this node to be Up.</summary>
    public static WebApplication Build(WebApplicationBuilder builder, Task listenerBound, Cluster.ClusterSettings cluster)
    {
        WebApplication? built = null;
        var readiness = new BrokerReadiness(listenerBound, cluster, () => built?.Services.GetService<ActorSystem>());
        builder.Services.AddHealthChecks()
            .AddCheck("actor-system", () => readiness.Alive ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the actor system has stopped"), ["live"])
            .AddCheck("broker", () => readiness.Check(), ["ready"]);
        var app = builder.Build();
        built = app;
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        var page = new EmbeddedFileProvider(typeof(WebFrontDoor).Assembly, PageResources);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page });
        app.Map("/ws", context => AcceptAsync(context, app.Services));
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }

    /// <summary>Where Kestrel listens (the real port when 0 was configured).</summary>
    public static IPEndPoint BoundEndpoint(IHost host)
    {
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address);
        return new IPEndPoint(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port);
    }

    /// <summary>
    /// Upgrades <c>/ws</c> and hands the socket to the <c>web-sockets</c> actor; the request lasts as long as the
    /// connection. A browser page from another site (an <c>Origin</c> that is not this host) is refused, so a page the
    /// user happens to visit cannot use a broker on their loopback address.
    /// </summary>
    private static async Task AcceptAsync(HttpContext context, IServiceProvider services)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("ActorRooms: /ws expects a WebSocket upgrade (docs/protocol.md, WebSocket).\n");
            return;
        }

        if (!SameOrigin(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("ActorRooms: WebSocket from another origin refused.\n");
            return;
        }

        var acceptor = await services.GetRequiredService<ActorRegistry>().GetAsync<WebSocketAcceptorActor>(context.RequestAborted);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connection = context.Connection;
        acceptor.Tell(new AcceptWebSocket(
            socket,
            new IPEndPoint(connection.RemoteIpAddress ?? IPAddress.None, connection.RemotePort),
            new IPEndPoint(connection.LocalIpAddress ?? IPAddress.None, connection.LocalPort),
            finished));
        await finished.Task;
    }

    // No Origin: not a browser (a script, a test). Otherwise the page must come from this very host and port.
    private static bool SameOrigin(HttpRequest request) =>
        !request.Headers.TryGetValue("Origin", out var origin)
        || (Uri.TryCreate(origin.ToString(), UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
}

using System.Net;
using ActorRooms.Broker.Hosting;
using Akka.Configuration;
using OpenTelemetry.Exporter;

namespace ActorRooms.Broker.Web;

/// <summary>
/// The HTTP listener's settings (<c>actor-rooms.broker.http</c>): whether it runs, where it binds, and where metrics
/// are pushed over OTLP. <see cref="Create"/> resolves <c>port = auto</c> against the Redis port and fails at start
/// with the key's name when a value is wrong.
/// </summary>
public sealed record HttpSettings
{
    /// <summary>The HOCON section this record is read from.</summary>
    public const string Section = BrokerSettings.Section + ".http";

    /// <summary>The HTTP port chosen by <c>auto</c> when the Redis port is the default 6380.</summary>
    public const int DefaultPort = 6390;

    /// <summary>No HTTP listener (<c>port = off</c>, or <c>auto</c> with a Redis port other than 6380 or 0, or TLS only).</summary>
    public static HttpSettings Disabled { get; } = new() { Enabled = false, Bind = IPAddress.Loopback, Port = 0 };

    public required bool Enabled { get; init; }

    public required IPAddress Bind { get; init; }

    /// <summary>The port to bind (0: any free port).</summary>
    public required int Port { get; init; }

    /// <summary>Where metrics are pushed over OTLP, or null.</summary>
    public Uri? OtlpEndpoint { get; init; }

    public TimeSpan OtlpInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How metrics are pushed to <see cref="OtlpEndpoint"/>: gRPC (the default) or protobuf over HTTP/1.1.</summary>
    public OtlpExportProtocol OtlpProtocol { get; init; } = OtlpExportProtocol.Grpc;

    /// <summary>
    /// Where the exporter sends: the endpoint as configured, except that over http/protobuf an endpoint with no path
    /// gets the metrics path <c>/v1/metrics</c>, as the OpenTelemetry SDKs do for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// (an endpoint set in code is used as it is, so a collector's base address would otherwise get a 404).
    /// </summary>
    public Uri? OtlpExportUri => OtlpEndpoint is { } endpoint && OtlpProtocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath == "/"
        ? new Uri(endpoint, "v1/metrics")
        : OtlpEndpoint;

    /// <summary>Reads the section; <paramref name="broker"/> gives the Redis port and bind that <c>auto</c> and <c>""</c> follow.</summary>
    /// <exception cref="ConfigurationException">A key is wrong; the message names it.</exception>
    public static HttpSettings Create(Config root, BrokerSettings broker)
    {
        var c = new SectionReader(root, Section);
        var bindText = c.String("bind", allowEmpty: true).Trim();
        IPAddress bind;
        if (bindText.Length == 0)
        {
            bind = broker.Bind;
        }
        else if (!IPAddress.TryParse(bindText, out bind!))
        {
            throw c.Invalid("bind", $"'{bindText}' is not an IP address");
        }

        var otlpText = c.String("otlp-endpoint", allowEmpty: true).Trim();
        Uri? otlp = null;
        if (otlpText.Length > 0 && (!Uri.TryCreate(otlpText, UriKind.Absolute, out otlp) || otlp.Scheme is not ("http" or "https")))
        {
            throw c.Invalid("otlp-endpoint", $"'{otlpText}' is not an http:// or https:// address");
        }

        var interval = c.Duration("otlp-interval", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        var protocol = c.String("otlp-protocol").Trim() switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw c.Invalid("otlp-protocol", $"'{other}' is not grpc or http/protobuf"),
        };
        int? port = c.String("port") switch
        {
            "off" => null,
            // A TLS-only broker (--port 0 beside --tls-port) opens no plain-text HTTP port unless asked to.
            "auto" => broker.Tls.PlainText ? broker.Port switch
            {
                6380 => DefaultPort,
                0 => 0,
                _ => null,
            } : null,
            _ => c.Int("port", 0, 65535),
        };
        return port is { } chosen
            ? new HttpSettings { Enabled = true, Bind = bind, Port = chosen, OtlpEndpoint = otlp, OtlpInterval = interval, OtlpProtocol = protocol }
            : Disabled with { OtlpEndpoint = otlp, OtlpInterval = interval, OtlpProtocol = protocol };
    }
}

using System.Net;
using ActorRooms.Broker.Security;
using ActorRooms.Broker.Tls;
using ActorRooms.Protocol.Resp;
using Akka.Configuration;

namespace ActorRooms.Broker.Hosting;

/// <summary>What a connection does when its queued output passes <see cref="BrokerSettings.MaxQueuedBytes"/>.</summary>
public enum SlowConsumerPolicy
{
    /// <summary>Drop the queued output, tell the client, close it (Redis's output-buffer-limit behaviour).</summary>
    Disconnect,
}

/// <summary>
/// The broker's typed settings, read once from the <c>actor-rooms.broker</c> HOCON section.
/// <see cref="Create"/> fails at start with the key's full name when a value is missing or wrong.
/// </summary>
public sealed record BrokerSettings
{
    /// <summary>The HOCON section this record is read from.</summary>
    public const string Section = "actor-rooms.broker";

    public required IPAddress Bind { get; init; }
    public required int Port { get; init; }
    public required int Backlog { get; init; }
    public required int MaxClients { get; init; }
    public required TimeSpan IdleTimeout { get; init; }
    public required RespLimits Limits { get; init; }
    public required int MaxSubscriptions { get; init; }
    public required long MaxQueuedBytes { get; init; }
    public required long MaxTotalQueuedBytes { get; init; }
    public required SlowConsumerPolicy SlowConsumerPolicy { get; init; }
    public required long PauseReadingAbove { get; init; }

    /// <summary>Read on while earlier reads' replies wait, until the waiting reads hold this many bytes.</summary>
    public required long MaxUnansweredReadBytes { get; init; }
    public required int RoomCacheSize { get; init; }
    public required TimeSpan RoomIdleStopAfter { get; init; }
    public required RoomFeatureSettings RoomFeatures { get; init; }
    public required TimeSpan ShutdownGrace { get; init; }

    /// <summary>Users, protected mode and the failed-AUTH brake (<c>security</c>).</summary>
    public required SecuritySettings Security { get; init; }

    /// <summary>TLS on the client port (<c>tls</c>): off unless a TLS port is configured.</summary>
    public TlsSettings Tls { get; init; } = TlsSettings.Disabled;

    /// <summary>The <c>--config</c> file the broker started with (<c>config-file</c>), re-read by ACL LOAD / SIGHUP; null when none.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Reads and validates the <c>actor-rooms.broker</c> section of <paramref name="root"/>.</summary>
    /// <exception cref="ConfigurationException">A key is missing or out of range; the message names it.</exception>
    public static BrokerSettings Create(Config root)
    {
        var c = new SectionReader(root, Section);
        var bindText = c.String("bind");
        if (!IPAddress.TryParse(bindText, out var bind))
        {
            throw c.Invalid("bind", $"'{bindText}' is not an IP address");
        }

        return new BrokerSettings
        {
            Bind = bind,
            Port = c.Int("port", 0, 65535),
            Backlog = c.Int("backlog", 1, 65535),
            MaxClients = c.Int("max-clients", 1, 1_000_000),
            IdleTimeout = c.Duration("idle-timeout", allowZero: true),
            Limits = new RespLimits(
                MaxBulkLength: c.Bytes("protocol.max-bulk-length", 1, int.MaxValue - 64),
                MaxInlineLength: (int)c.Bytes("protocol.max-inline-length", 16, 64 * 1024 * 1024),
                MaxArguments: c.Int("protocol.max-arguments", 1, int.MaxValue)),
            MaxSubscriptions = c.Int("connection.max-subscriptions", 1, int.MaxValue),
            MaxQueuedBytes = c.Bytes("connection.max-queued-bytes", 64 * 1024, long.MaxValue),
            MaxTotalQueuedBytes = c.Bytes("max-total-queued-bytes", 64 * 1024, long.MaxValue),
            SlowConsumerPolicy = c.String("connection.slow-consumer-policy") switch
            {
                "disconnect" => SlowConsumerPolicy.Disconnect,
                var other => throw c.Invalid("connection.slow-consumer-policy", $"'{other}' is not one of: disconnect"),
            },
            PauseReadingAbove = c.Bytes("connection.pause-reading-above", 1024, long.MaxValue),
            MaxUnansweredReadBytes = c.Bytes("connection.max-unanswered-read-bytes", 1, long.MaxValue),
            RoomCacheSize = c.Int("connection.room-cache-size", 0, 1_000_000),
            RoomIdleStopAfter = c.Duration("rooms.idle-stop-after", allowZero: false),
            RoomFeatures = RoomFeatureSettings.Create(c),
            ShutdownGrace = c.Duration("shutdown-grace", allowZero: true),
            Security = SecuritySettings.Create(root),
            Tls = TlsSettings.Create(root),
            ConfigFile = root.HasPath(Section + ".config-file") && c.String("config-file", allowEmpty: true) is { Length: > 0 } file ? file : null,
        };
    }
}

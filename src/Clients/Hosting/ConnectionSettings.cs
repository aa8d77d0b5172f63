using ActorRooms.Broker.Hosting;
using ActorRooms.Protocol.Resp;
using Akka.Configuration;

namespace ActorRooms.Clients.Hosting;

/// <summary>
/// How a client's <see cref="Connection.RedisConnectionActor"/> reaches its server, read once from
/// <c>actor-rooms.clients.connection</c>. <see cref="Create"/> fails with the key's full name when a value is wrong.
/// </summary>
public sealed record ConnectionSettings
{
    /// <summary>The HOCON section this record is read from.</summary>
    public const string Section = "actor-rooms.clients.connection";

    public required string Host { get; init; }
    public required int Port { get; init; }
    public required TimeSpan ConnectTimeout { get; init; }
    public required TimeSpan BackoffMin { get; init; }
    public required TimeSpan BackoffMax { get; init; }
    public required bool Retry { get; init; }
    public required long MaxQueuedBytes { get; init; }
    public required int ReadAheadBatches { get; init; }
    public required RespReplyLimits ReplyLimits { get; init; }

    /// <summary>Sent as CLIENT SETNAME on every connect, so the server's CLIENT LIST shows who is who; empty = none.</summary>
    public string ClientName { get; init; } = string.Empty;

    /// <summary>User for AUTH on every connect (null: <c>AUTH password</c>, the server's default user).</summary>
    public string? User { get; init; }

    /// <summary>Password for AUTH on every connect; null sends no AUTH. From --password or ACTORROOMS_PASSWORD, never from HOCON.</summary>
    public string? Password { get; init; }

    /// <summary>TLS to the server (<c>--tls</c>); null: plain text.</summary>
    public ClientTlsSettings? Tls { get; init; }

    /// <summary>host:port, for log lines.</summary>
    public string Address => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Reads and validates the <c>actor-rooms.clients.connection</c> section of <paramref name="root"/>.</summary>
    /// <exception cref="ConfigurationException">A key is missing or out of range; the message names it.</exception>
    public static ConnectionSettings Create(Config root)
    {
        var c = new SectionReader(root, Section);
        var backoffMin = c.Duration("backoff-min", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));
        var backoffMax = c.Duration("backoff-max", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        if (backoffMax < backoffMin)
        {
            throw c.Invalid("backoff-max", $"{backoffMax} is less than backoff-min ({backoffMin})");
        }

        return new ConnectionSettings
        {
            Host = c.String("host"),
            Port = c.Int("port", 1, 65535),
            ConnectTimeout = c.Duration("connect-timeout", TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10)),
            BackoffMin = backoffMin,
            BackoffMax = backoffMax,
            Retry = c.Bool("retry"),
            MaxQueuedBytes = c.Bytes("max-queued-bytes", 64 * 1024, 4L * 1024 * 1024 * 1024),
            ReadAheadBatches = c.Int("read-ahead-batches", 1, 1024),
            ReplyLimits = new RespReplyLimits(
                MaxBulkLength: c.Bytes("replies.max-bulk-length", 1024, int.MaxValue - 64),
                MaxElements: c.Int("replies.max-elements", 16, int.MaxValue),
                MaxDepth: c.Int("replies.max-depth", 2, 1024),
                MaxLineLength: (int)c.Bytes("replies.max-line-length", 64, 64 * 1024 * 1024)),
            Tls = ClientTlsSettings.Create(c),
        };
    }
}

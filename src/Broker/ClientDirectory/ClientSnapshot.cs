using System.Globalization;
using System.Text;

namespace ActorRooms.Broker.ClientDirectory;

/// <summary>What one connection reports about itself for CLIENT LIST, CLIENT INFO and CLIENT KILL filters.</summary>
public sealed record ClientSnapshot(
    long Id,
    string Address,
    string LocalAddress,
    string? Name,
    long AgeSeconds,
    long IdleSeconds,
    int Channels,
    int Patterns,
    long QueryBufferBytes,
    int OutputBuffers,
    long OutputBytes,
    string LastCommand,
    int Protocol,
    string? LibraryName,
    string? LibraryVersion)
{
    /// <summary>The user the connection is authenticated as (<c>default</c> before it authenticates, as in Redis).</summary>
    public string User { get; init; } = "default";

    /// <summary>The database SELECT chose (CLIENT LIST's <c>db=</c>).</summary>
    public int Database { get; init; }

    /// <summary>Shard channels subscribed (CLIENT LIST's <c>ssub=</c>).</summary>
    public int ShardChannels { get; init; }

    /// <summary>True when subscribed to any channel, pattern or shard channel (Redis's P flag, CLIENT LIST TYPE pubsub).</summary>
    public bool IsPubSub => Channels + Patterns + ShardChannels > 0;

    /// <summary>One CLIENT LIST line, with Redis's field names and order (fields a room broker has no use for are constant).</summary>
    public string ToClientListLine()
    {
        var line = new StringBuilder(256);
        line.Append(CultureInfo.InvariantCulture, $"id={Id} addr={Address} laddr={LocalAddress} fd=-1 name={Name} age={AgeSeconds} idle={IdleSeconds} ");
        line.Append(CultureInfo.InvariantCulture, $"flags={(IsPubSub ? "P" : "N")} db={Database} sub={Channels} psub={Patterns} ssub={ShardChannels} multi=-1 ");
        line.Append(CultureInfo.InvariantCulture, $"qbuf={QueryBufferBytes} qbuf-free=0 argv-mem=0 multi-mem=0 obl=0 oll={OutputBuffers} omem={OutputBytes} ");
        line.Append(CultureInfo.InvariantCulture, $"tot-mem={QueryBufferBytes + OutputBytes} events=r cmd={LastCommand} user={User} redir=-1 resp={Protocol}");
        if (LibraryName is not null || LibraryVersion is not null)
        {
            line.Append(CultureInfo.InvariantCulture, $" lib-name={LibraryName} lib-ver={LibraryVersion}");
        }

        return line.ToString();
    }
}

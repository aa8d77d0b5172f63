namespace ActorRooms.Broker.ClientDirectory;

/// <summary>
/// Which clients a CLIENT LIST or CLIENT KILL names. Every criterion that is set must hold.
/// <see cref="SkipId"/> is the caller itself for CLIENT KILL's default SKIPME yes.
/// </summary>
public sealed record ClientFilter
{
    public IReadOnlySet<long>? Ids { get; init; }

    /// <summary>normal or pubsub (master and replica never match: a broker has none).</summary>
    public string? Type { get; init; }

    public string? Address { get; init; }

    public string? LocalAddress { get; init; }

    public string? User { get; init; }

    public long? MaxAgeSeconds { get; init; }

    public long? SkipId { get; init; }

    /// <summary>Everyone.</summary>
    public static ClientFilter All { get; } = new();

    /// <summary>True when <paramref name="client"/> meets every criterion.</summary>
    public bool Matches(ClientSnapshot client) =>
        (Ids is null || Ids.Contains(client.Id))
        && (Type is null || Type switch
        {
            "normal" => !client.IsPubSub,
            "pubsub" => client.IsPubSub,
            _ => false,
        })
        && (Address is null || Address == client.Address)
        && (LocalAddress is null || LocalAddress == client.LocalAddress)
        && (User is null || User == client.User)
        && (MaxAgeSeconds is null || client.AgeSeconds >= MaxAgeSeconds)
        && (SkipId is null || SkipId != client.Id);
}

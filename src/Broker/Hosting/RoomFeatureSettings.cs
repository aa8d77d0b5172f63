namespace ActorRooms.Broker.Hosting;

/// <summary>
/// The bounds of the room features (issue 7), read from <c>actor-rooms.broker.rooms</c>: how much history and how
/// many last values a room keeps, and when a ROOM.JOIN member with a <c>drop-oldest</c> or <c>conflate</c> policy
/// counts as behind.
/// </summary>
/// <param name="HistorySize">Messages of history per room (FROM / LAST replay); 0 keeps none.</param>
/// <param name="HistoryMaxBytes">Payload bytes of history per room; the oldest go first past it.</param>
/// <param name="MaxKeys">Keys with a last value per room; past it the least recently updated key is forgotten.</param>
/// <param name="MemberBehindBytes">Output a connection may hold before its drop-oldest / conflate room feeds stop queueing and start dropping or conflating.</param>
/// <param name="MemberBacklogBytes">Payload bytes a drop-oldest feed keeps while behind; past it the oldest are dropped and reported as a gap.</param>
/// <param name="InfoTimeout">How long ROOM.INFO and ROOM.MEMBERS wait for members to describe themselves.</param>
public sealed record RoomFeatureSettings(
    int HistorySize,
    long HistoryMaxBytes,
    int MaxKeys,
    long MemberBehindBytes,
    long MemberBacklogBytes,
    TimeSpan InfoTimeout)
{
    /// <summary>The shipped defaults of hocon/broker.conf, for rooms made without settings (tests).</summary>
    public static RoomFeatureSettings Default { get; } = new(1000, 16 * 1024 * 1024, 10_000, 1024 * 1024, 1024 * 1024, TimeSpan.FromSeconds(1));

    /// <summary>Reads the keys under <c>rooms</c> of the broker section.</summary>
    public static RoomFeatureSettings Create(SectionReader c) => new(
        HistorySize: c.Int("rooms.history-size", 0, 10_000_000),
        HistoryMaxBytes: c.Bytes("rooms.history-max-bytes", 0, long.MaxValue),
        MaxKeys: c.Int("rooms.max-keys", 1, 10_000_000),
        MemberBehindBytes: c.Bytes("rooms.member-behind-bytes", 1024, long.MaxValue),
        MemberBacklogBytes: c.Bytes("rooms.member-backlog-bytes", 1024, long.MaxValue),
        InfoTimeout: c.Duration("rooms.info-timeout", allowZero: false));
}

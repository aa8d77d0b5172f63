using ActorRooms.Broker.Rooms.Ledger;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// What a feed member receives before anything live, as data rather than frames, for a member that encodes its feed
/// itself (a <c>SUBSCRIBE room:…</c> feed writes envelopes on its own channel): in this order a reset notice (after a
/// lost room), an exhausted notice (a replay that no longer reaches back), the entries (snapshot values or replay),
/// and the end-of-snapshot marker.
/// </summary>
/// <param name="Epoch">The room's epoch at the join.</param>
/// <param name="LastSeq">The last seq the room had assigned at the join: live messages start after it.</param>
/// <param name="Reset">The room was lost and started again: the numbering is new.</param>
/// <param name="ExhaustedFrom">The replay asked to start here but the history starts at <paramref name="ExhaustedOldest"/>; null when nothing is missing.</param>
/// <param name="ExhaustedOldest">The oldest seq still in the history, with <paramref name="ExhaustedFrom"/>.</param>
/// <param name="Entries">Snapshot values (seq order) or replayed history.</param>
/// <param name="Snapshot">A snapshot was asked for: the entries are last values and a marker ends them.</param>
public sealed record FeedPreambleParts(
    long Epoch,
    long LastSeq,
    bool Reset,
    long? ExhaustedFrom,
    long? ExhaustedOldest,
    IReadOnlyList<RoomEntry> Entries,
    bool Snapshot);

/// <summary>A notice for feed members, as data, for members that encode their feed themselves.</summary>
public abstract record FeedNotice;

/// <summary>The room lost its state: <paramref name="Epoch"/> is the new numbering, <paramref name="LastSeq"/> the seq before what follows.</summary>
public sealed record FeedResetNotice(long Epoch, long LastSeq) : FeedNotice;

/// <summary>Presence: client <paramref name="ClientId"/> joined or left; <paramref name="Members"/> feed members now.</summary>
public sealed record FeedPresenceNotice(bool Joined, long ClientId, string? ClientName, long Members) : FeedNotice;

using ActorRooms.Broker.Rooms.Ledger;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// ROOM.INFO's content: the ledger's figures, the members as they described themselves (those that answered within
/// the info timeout; <paramref name="MembersAsked"/> says how many were asked), their totals and the merged latency
/// percentiles in microseconds (null when no feed member has delivered anything yet).
/// </summary>
public sealed record RoomInfo(
    string Room,
    long Epoch,
    long LastSeq,
    long OldestSeq,
    int ChannelMembers,
    int FeedMembers,
    int PatternSubscribers,
    RoomTelemetry Telemetry,
    int MembersAsked,
    IReadOnlyList<RoomMemberState> Members,
    IReadOnlyDictionary<string, long>? LatencyMicros);

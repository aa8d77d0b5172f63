using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Protocol.Resp;
using Akka.IO;

namespace ActorRooms.Broker.Rooms;

/// <summary>What a ROOM.JOIN asks the room for besides live messages: a snapshot of last values, or a replay, and presence notices.</summary>
/// <param name="Snapshot">Send the last value of every key before live messages.</param>
/// <param name="From">Replay the history from this seq on.</param>
/// <param name="Last">Replay the last this many messages.</param>
/// <param name="Presence">Send this member <c>roomjoin</c>/<c>roomleave</c> notices.</param>
public sealed record RoomJoinOptions(bool Snapshot, long? From, long? Last, bool Presence)
{
    /// <summary>Live messages only.</summary>
    public static RoomJoinOptions LiveOnly { get; } = new(false, null, null, false);
}

/// <summary>
/// ROOM.JOIN: add the sender to the room's feed members. The room answers with <see cref="RoomFeedJoined"/>, whose
/// preamble (snapshot or replay) and the live messages after it come from the same turn of the room, so nothing is
/// missed or repeated between them. <paramref name="AfterRoomLoss"/>: the connection joins again because the room it
/// was in stopped; the preamble then starts with a <c>roomreset</c> notice. <paramref name="Structured"/>: the member
/// encodes its feed itself (a <c>SUBSCRIBE room:…</c> feed), so the answer carries the preamble as
/// <see cref="FeedPreambleParts"/> instead of encoded frames.
/// </summary>
public sealed record JoinRoomFeed(
    long RequestId,
    string Room,
    RespProtocol Protocol,
    RoomJoinOptions Options,
    long ClientId,
    string? ClientName,
    bool AfterRoomLoss = false,
    bool Structured = false) : IRoomCommand;

/// <summary>
/// The member is in the room's feed: <paramref name="Preamble"/> (encoded for it) goes out before anything live; for a
/// structured join the preamble is <paramref name="Parts"/> instead and <paramref name="Preamble"/> is empty.
/// </summary>
public sealed record RoomFeedJoined(long RequestId, string Room, long Epoch, long LastSeq, ByteString Preamble, FeedPreambleParts? Parts = null);

/// <summary>ROOM.LEAVE: remove the sender from the room's feed members. Answered with <see cref="RoomLeft"/>.</summary>
public sealed record LeaveRoomFeed(long RequestId, string Room) : IRoomCommand;

/// <summary>
/// One ordered batch for a room's feed members: its <c>roommsg</c> frames, encoded once per protocol and shared by
/// every member of that protocol, and the same entries as data, which a member behind on its output (drop-oldest,
/// conflate) or rate-limited (MAXRATE) works from instead. <paramref name="OrderedAt"/> is the room's
/// <see cref="System.Diagnostics.Stopwatch"/> timestamp, for the publish-to-deliver latency.
/// </summary>
public sealed record RoomFeedDelivery(string Room, long Epoch, ByteString Frames, IReadOnlyList<RoomEntry> Entries, long OrderedAt);

/// <summary>
/// A notice for a feed member: presence (<c>roomjoin</c>/<c>roomleave</c>, to members that asked for it) or
/// <c>roomreset</c>; <paramref name="Frame"/> encoded in the member's protocol, <paramref name="Notice"/> the same as data.
/// </summary>
public sealed record RoomFeedNotice(string Room, ByteString Frame, FeedNotice? Notice = null);

/// <summary>A question about one room, routed through the registry, which answers <see cref="RoomNotFound"/> when the room does not exist.</summary>
public interface IRoomQuery : IRoomCommand
{
    /// <summary>The asker's id for the answer.</summary>
    long RequestId { get; }
}

/// <summary>ROOM.LAST room [KEY k]: the last value of one key, or of every key.</summary>
public sealed record QueryRoomLast(long RequestId, string Room, string? Key) : IRoomQuery;

/// <summary>The answer to <see cref="QueryRoomLast"/>: the values in seq order.</summary>
public sealed record RoomLastAnswered(long RequestId, long Epoch, long LastSeq, IReadOnlyList<RoomEntry> Values);

/// <summary>ROOM.MEMBERS room: the channel and feed members, as they describe themselves.</summary>
public sealed record QueryRoomMembers(long RequestId, string Room) : IRoomQuery;

/// <summary>The answer to <see cref="QueryRoomMembers"/>.</summary>
public sealed record RoomMembersAnswered(long RequestId, IReadOnlyList<RoomMemberState> Members);

/// <summary>ROOM.INFO room: the room's telemetry and its members' states.</summary>
public sealed record QueryRoomInfo(long RequestId, string Room) : IRoomQuery;

/// <summary>The answer to <see cref="QueryRoomInfo"/>.</summary>
public sealed record RoomInfoAnswered(long RequestId, RoomInfo Info);

/// <summary>The room asked about does not exist (no members, no recent publish): it has no state.</summary>
public sealed record RoomNotFound(long RequestId);

/// <summary>ROOM.LIST [pattern]: the rooms that exist now, optionally filtered by a glob.</summary>
public sealed record ListRooms(long RequestId, string? Pattern);

/// <summary>The answer to <see cref="ListRooms"/>, sorted.</summary>
public sealed record RoomsListed(long RequestId, IReadOnlyList<string> Rooms);

/// <summary>Room → member: describe yourself for a ROOM.MEMBERS or ROOM.INFO (answered with <see cref="RoomMemberDescribed"/>).</summary>
public sealed record DescribeRoomMember(long QueryId, string Room);

/// <summary>Member → room: how this member is doing in the room.</summary>
public sealed record RoomMemberDescribed(long QueryId, RoomMemberState State);

using ActorRooms.Protocol.Resp;
using Akka.Actor;
using Akka.IO;

namespace ActorRooms.Broker.Rooms;

/// <summary>A message addressed to a room by name; the registry routes it when the sender does not know the room's actor yet.</summary>
public interface IRoomCommand
{
    /// <summary>The room (channel) name, as a Latin-1 string (one char per byte, so binary names round-trip).</summary>
    string Room { get; }
}

/// <summary>Add the sender to the room's channel members (or change the protocol it is sent in). Answered with <see cref="RoomJoined"/>.</summary>
public sealed record JoinRoom(long RequestId, string Room, RespProtocol Protocol) : IRoomCommand;

/// <summary>The room has added the member: every message the room takes from now on reaches it.</summary>
public sealed record RoomJoined(long RequestId, string Room);

/// <summary>
/// Remove the sender from the room's channel members. Answered with <see cref="RoomLeft"/> (by the registry when the
/// room no longer exists), so that an UNSUBSCRIBE reply leaves only once PUBSUB counts reflect it.
/// </summary>
public sealed record LeaveRoom(long RequestId, string Room) : IRoomCommand;

/// <summary>The member is no longer in the room.</summary>
public sealed record RoomLeft(long RequestId);

/// <summary>
/// Every PUBLISH (and ROOM.PUBLISH) to one room from one socket read, in order. Payloads are slices of the received
/// bytes. <paramref name="Keys"/> is null when every message is a plain PUBLISH; otherwise it holds each message's
/// ROOM.PUBLISH key (null for none), and the batch starts the room when it does not exist (a ROOM.PUBLISH keeps
/// room state for later joiners). Answered with <see cref="BatchPublished"/> by the room, or by the registry with 0
/// when no room exists.
/// </summary>
public sealed record PublishBatch(long RequestId, string Room, IReadOnlyList<ReadOnlyMemory<byte>> Payloads, IReadOnlyList<string?>? Keys = null) : IRoomCommand;

/// <summary>
/// The batch went out; each of its messages reached <paramref name="Receivers"/> subscriptions (PUBLISH's reply).
/// When the publisher is itself a member, its own copies come back here instead of as a delivery, so that it can
/// put each one just before the matching PUBLISH reply, as Redis does.
/// </summary>
public sealed record BatchPublished(long RequestId, int Receivers, IReadOnlyList<OwnFrames>? Own = null);

/// <summary>The publisher's own copies of a batch: <c>message</c> frames (<paramref name="Pattern"/> null) or one pattern's <c>pmessage</c> frames.</summary>
public sealed record OwnFrames(string? Pattern, ByteString Frames);

/// <summary>Pre-encoded <c>message</c> frames of one room, the same immutable buffer for every member.</summary>
public sealed record RoomDelivery(string Room, ByteString Frames, int Messages);

/// <summary>Pre-encoded <c>pmessage</c> frames for the members of one pattern.</summary>
public sealed record PatternDelivery(string Pattern, ByteString Frames, int Messages);

/// <summary>Subscribe the sender to a glob pattern. Answered by the registry with <see cref="PatternRoomsNotified"/>.</summary>
public sealed record SubscribePattern(long RequestId, string Pattern, RespProtocol Protocol);

/// <summary>Remove the sender from a pattern. Answered by the registry with <see cref="PatternRoomsNotified"/>.</summary>
public sealed record UnsubscribePattern(long RequestId, string Pattern);

/// <summary>
/// The registry changed the pattern subscription and told <paramref name="RoomsToConfirm"/> existing rooms, each of
/// which sends the subscriber a <see cref="PatternMembershipConfirmed"/>; the change is complete when all have arrived.
/// </summary>
public sealed record PatternRoomsNotified(long RequestId, int RoomsToConfirm);

/// <summary>Registry → room: deliver this room's messages to <paramref name="Member"/> as pattern messages.</summary>
public sealed record AddPatternMember(long RequestId, string Pattern, IActorRef Member, RespProtocol Protocol);

/// <summary>Registry → room: stop delivering to <paramref name="Member"/> for <paramref name="Pattern"/> (confirmed unless the request id is 0).</summary>
public sealed record RemovePatternMember(long RequestId, string Pattern, IActorRef Member);

/// <summary>Room → subscriber: this room has applied the pattern change.</summary>
public sealed record PatternMembershipConfirmed(long RequestId);

/// <summary>One pattern subscription a room must serve.</summary>
public sealed record PatternMembership(string Pattern, IActorRef Member, RespProtocol Protocol);

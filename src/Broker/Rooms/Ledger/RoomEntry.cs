using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Rooms.Ledger;

/// <summary>
/// One message as the room's owner ordered it: its sequence number, its key (null for a plain PUBLISH or a
/// ROOM.PUBLISH without KEY), the server time it was ordered at (Unix ms) and its payload. The payload is the
/// ledger's own copy, never the publisher's read buffer, so keeping entries never pins a socket read. It is what a
/// <c>roommsg</c> frame carries (<see cref="IRoomMessage"/>).
/// </summary>
public readonly record struct RoomEntry(long Seq, string? Key, long TimeMs, ReadOnlyMemory<byte> Payload) : IRoomMessage;

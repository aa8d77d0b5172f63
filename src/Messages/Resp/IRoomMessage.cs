namespace ActorRooms.Protocol.Resp;

/// <summary>
/// What a <c>roommsg</c> frame carries of one numbered message (docs/protocol.md, "Room features"). The broker's
/// ledger entry implements it, so <see cref="RoomFrames"/> encodes entries directly (a struct entry is read without
/// boxing through the generic methods).
/// </summary>
public interface IRoomMessage
{
    /// <summary>The message's sequence number in its room's epoch.</summary>
    long Seq { get; }

    /// <summary>Its key, or null for a message published without one (<c>$-1</c> in RESP2, <c>_</c> in RESP3).</summary>
    string? Key { get; }

    /// <summary>The server time it was ordered at, in Unix milliseconds.</summary>
    long TimeMs { get; }

    /// <summary>What the publisher sent.</summary>
    ReadOnlyMemory<byte> Payload { get; }
}

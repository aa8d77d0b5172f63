namespace ActorRooms.Broker.Rooms.Ledger;

/// <summary>What a room's ledger knows about its traffic at one moment (ROOM.INFO's room-side figures).</summary>
public sealed record RoomTelemetry(
    long MessagesIn,
    long MessagesOut,
    long MessagesInPerSecond,
    long MessagesOutPerSecond,
    int LastFanOut,
    long? LastPublishMs,
    int HistoryMessages,
    long HistoryBytes,
    int Keys,
    long KeysEvicted);

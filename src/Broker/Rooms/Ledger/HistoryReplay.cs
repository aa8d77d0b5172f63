namespace ActorRooms.Broker.Rooms.Ledger;

/// <summary>
/// What the history can give from a requested sequence number on: the entries, oldest first, and, when the history
/// no longer reaches back that far, the oldest sequence number it still holds (<paramref name="ExhaustedOldest"/>):
/// the messages from the requested one up to just before it are gone and the client must be told so.
/// </summary>
public sealed record HistoryReplay(IReadOnlyList<RoomEntry> Entries, long RequestedFrom, long? ExhaustedOldest);

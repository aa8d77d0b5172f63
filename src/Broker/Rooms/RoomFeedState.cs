using HdrHistogram;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// A ROOM.JOIN member's feed as its connection reports it. <paramref name="Latency"/> is a copy taken for this
/// answer (microseconds from the room ordering a batch to its frames entering the member's output queue); nobody
/// changes it after it is sent.
/// </summary>
public sealed record RoomFeedState(string Policy, int MaxRate, long Delivered, long Dropped, long Conflated, long BacklogBytes, HistogramBase Latency);

namespace ActorRooms.Clients.Reader;

/// <summary>What the reader is connected to and joined, for the view's header.</summary>
/// <param name="Target">For example <c>room 'prices'</c> or <c>pattern 'prices.*'</c>.</param>
/// <param name="Server">host:port.</param>
/// <param name="State">connecting, joined, or why it is waiting.</param>
/// <param name="Joined">True while subscribed.</param>
/// <param name="Sequence">For a room feed: the last seq and what is known about gaps (null for a plain subscription).</param>
public sealed record ReaderStatus(string Target, string Server, string State, bool Joined, string? Sequence = null);

namespace ActorRooms.Clients.Reader;

/// <summary>A payload that was not a price message (from <c>redis-cli PUBLISH</c>, say), as shown under the table.</summary>
/// <param name="Channel">The room it came to.</param>
/// <param name="Text">The payload as text, shortened and with control characters made visible.</param>
public sealed record OtherMessage(string Channel, string Text);

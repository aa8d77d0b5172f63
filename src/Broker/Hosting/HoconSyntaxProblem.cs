namespace ActorRooms.Broker.Hosting;

/// <summary>
/// The first problem <see cref="HoconSyntaxCheck"/> finds, as "line N: ..."; it ends the walk and becomes the check's
/// answer, never leaving the check.
/// </summary>
internal sealed class HoconSyntaxProblem(string message) : Exception(message);

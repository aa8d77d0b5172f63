using Akka.IO;

namespace ActorRooms.Broker.Network.Monitor;

/// <summary>A command another connection ran, as one MONITOR line, for a monitoring connection to queue like a message.</summary>
/// <param name="Line">The <c>+&lt;time&gt; [db addr] "cmd" "arg"</c> simple string, encoded once for every monitor.</param>
public sealed record MonitoredCommand(ByteString Line);

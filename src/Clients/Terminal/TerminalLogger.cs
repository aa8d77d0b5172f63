using System.Globalization;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace ActorRooms.Clients.Terminal;

/// <summary>
/// The Akka logger of every actor system the clients program starts (pump, reader, and the broker of the menu
/// and the demo): it sends log lines to <see cref="ConsoleStatus.Shared"/>, never to stdout, so the reader's raw
/// output and its live table stay clean. Named by type in <c>akka.loggers</c>, hence the shared instance.
/// </summary>
public sealed class TerminalLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public TerminalLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e =>
        {
            if (!IsShutdownChatter(e))
            {
                ConsoleStatus.Shared.Log(Format(e));
            }
        });
    }

    /// <summary>The type name to put in <c>akka.loggers</c>.</summary>
    public static string HoconTypeName => $"{typeof(TerminalLogger).FullName}, {typeof(TerminalLogger).Assembly.GetName().Name}";

    /// <summary>Akka's own account of a normal stop (the program stopping its hosts) tells a person nothing.</summary>
    public static bool IsShutdownChatter(LogEvent e) =>
        e.LogLevel() <= LogLevel.InfoLevel && (e.LogSource ?? string.Empty).StartsWith("CoordinatedShutdown", StringComparison.Ordinal);

    /// <summary>
    /// <c>akka://actor-rooms-reader/user/reader/connection</c> → <c>reader/connection</c>: the actor's place under
    /// /user, which says which client and which part of it; other sources keep their last segment.
    /// </summary>
    public static string ShortSource(string source)
    {
        var hash = source.IndexOf('#', StringComparison.Ordinal);
        if (hash > 0)
        {
            source = source[..hash];
        }

        var user = source.IndexOf("/user/", StringComparison.Ordinal);
        if (user >= 0)
        {
            return source[(user + "/user/".Length)..];
        }

        var slash = source.LastIndexOf('/');
        return slash >= 0 ? source[(slash + 1)..].TrimEnd(')') : source;
    }

    /// <summary><c>12:00:01 WARN  reader/connection: text</c> — the actor's name, not its whole path.</summary>
    public static string Format(LogEvent e)
    {
        var level = e.LogLevel() switch
        {
            LogLevel.DebugLevel => "DEBUG",
            LogLevel.InfoLevel => "INFO ",
            LogLevel.WarningLevel => "WARN ",
            _ => "ERROR",
        };
        var source = ShortSource(e.LogSource ?? string.Empty);
        var line = $"{e.Timestamp.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {level} {source}: {e.Message}";
        return e.Cause is null ? line : $"{line} ({e.Cause.GetType().Name}: {e.Cause.Message})";
    }
}

using System.Diagnostics;
using ActorRooms.Broker.Network.Monitor;
using ActorRooms.Broker.Network.Replies;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Commands;

/// <summary>
/// Runs one command from the table, with Redis's checks in Redis's order: unknown command, unknown subcommand,
/// arity, NOAUTH, NOPERM (an administrators' command, then the entry's room access), then the RESP2 subscribed-mode rule. Errors get Redis's wording
/// and the connection stays open.
/// </summary>
public sealed class CommandDispatcher(ConnectionSession session)
{
    private readonly CommandContext _context = new(session);

    /// <summary>
    /// True when the command in <paramref name="arguments"/> must not run yet: an earlier query of this connection
    /// still waits for its answer and this command would change what it reads. One field check while none waits.
    /// </summary>
    public bool MustWaitForQueries(IReadOnlyList<ReadOnlyMemory<byte>> arguments)
    {
        if (!session.Queries.HasUnanswered || !CommandTable.TryFind(arguments[0].Span, out var command))
        {
            return false;
        }

        return command.WaitsForEarlierQueries
            || (command.Subcommands.Count > 0 && arguments.Count >= 2
                && CommandTable.TryFindSubcommand(command, arguments[1].Span, out var sub) && sub.WaitsForEarlierQueries);
    }

    /// <summary>Runs the command in <paramref name="arguments"/> (its name first).</summary>
    public void Execute(IReadOnlyList<ReadOnlyMemory<byte>> arguments)
    {
        var client = session.Client;
        _context.Begin(arguments, client.BeginCommand(DateTime.UtcNow));
        if (!CommandTable.TryFind(arguments[0].Span, out var command))
        {
            _context.Error(ErrorReplies.UnknownCommand(arguments));
            return;
        }

        var effective = command;
        if (command.Subcommands.Count > 0 && arguments.Count >= 2
            && !CommandTable.TryFindSubcommand(command, arguments[1].Span, out effective))
        {
            _context.Error(ErrorReplies.UnknownSubcommand(arguments[1].Span, command.Name));
            return;
        }

        if (!effective.AcceptsArgumentCount(arguments.Count))
        {
            _context.Tally.Rejected(effective.Name);
            _context.Error(ErrorReplies.WrongArity(effective.Name));
            return;
        }

        if (!client.IsAuthenticated && !effective.AllowedBeforeAuthentication)
        {
            _context.Tally.Rejected(effective.Name);
            _context.Error(ErrorReplies.NoAuth);
            return;
        }

        if (effective.AdminOnly && !client.IsAdmin)
        {
            session.Counters.CommandDenied();
            _context.Tally.Rejected(effective.Name);
            _context.Error(ErrorReplies.NoPermissionForCommand(client.User!.Name, effective.Name));
            return;
        }

        if (!client.Permissions.AllowsEverything && !RoomAccessCheck.Permits(client, command.Access, arguments))
        {
            session.Counters.ChannelDenied();
            _context.Tally.Rejected(effective.Name);
            _context.Error(ErrorReplies.NoPermissionForChannel);
            return;
        }

        // RESP2 subscribed mode: only (P)SUBSCRIBE, (P)UNSUBSCRIBE, PING, QUIT and RESET. RESP3 has no such limit.
        if (client.Protocol == RespProtocol.Resp2 && session.Subscriptions.IsSubscribed && !effective.AllowedWhileSubscribed)
        {
            _context.Tally.Rejected(effective.Name);
            _context.Error(ErrorReplies.NotAllowedWhileSubscribed(effective.Name));
            return;
        }

        client.LastCommand = effective.Name;
        _context.Matched(effective);
        var started = Stopwatch.GetTimestamp();
        (effective.Handler ?? command.Handler)!(_context);
        _context.Tally.Ran(effective.Name, Stopwatch.GetTimestamp() - started, _context.ErrorReplied);
        var monitors = session.Counters.Monitors;
        if (monitors.Active && !command.Flags.Contains("admin") && !NotMonitored.Contains(command.Name))
        {
            var line = MonitorLine.Format(DateTime.UtcNow, client.Database, client.RemoteAddress, arguments, RedactedFrom(command.Name, arguments));
            monitors.Send(line, session.Host.Self);
        }
    }

    // Administrative commands are never shown to MONITOR (ACL LOAD reads the users file).
    private static readonly HashSet<string> NotMonitored = ["acl", "monitor"];

    // As redis-server: AUTH's arguments and HELLO's AUTH user and password are shown as "(redacted)".
    private static Func<int, bool> RedactedFrom(string name, IReadOnlyList<ReadOnlyMemory<byte>> arguments)
    {
        if (name == "auth")
        {
            return index => index >= 1;
        }

        if (name != "hello")
        {
            return static _ => false;
        }

        for (var i = 2; i + 2 < arguments.Count; i++)
        {
            if (System.Text.Encoding.Latin1.GetString(arguments[i].Span).Equals("AUTH", StringComparison.OrdinalIgnoreCase))
            {
                var user = i + 1;
                return index => index == user || index == user + 1;
            }
        }

        return static _ => false;
    }

    /// <summary>Adds this connection's command figures since the last call to the broker's INFO commandstats (once per read).</summary>
    public void AddStats() => _context.Tally.AddTo(session.Counters.Commands);
}

using System.Diagnostics;
using ActorRooms.Broker.Stats;

namespace ActorRooms.Broker.Commands;

/// <summary>
/// One connection's command figures since its last read ended: counted here without sharing, then added to the
/// broker's <see cref="CommandStats"/> in one go, so INFO commandstats costs no shared write per command.
/// </summary>
public sealed class CommandTally
{
    private readonly Dictionary<string, CommandCallCounts> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private bool _dirty;

    /// <summary>A command that ran for <paramref name="elapsedTicks"/> (Stopwatch ticks); failed when it replied an error.</summary>
    public void Ran(string name, long elapsedTicks, bool failed)
    {
        var counts = For(name);
        counts.Calls++;
        counts.Microseconds += elapsedTicks * 1_000_000 / Stopwatch.Frequency;
        counts.Failed += failed ? 1 : 0;
    }

    /// <summary>A command refused before it ran (arity, NOAUTH, NOPERM, RESP2 subscribed mode).</summary>
    public void Rejected(string name) => For(name).Rejected++;

    /// <summary>An error reply, counted by its first word as Redis's errorstats do.</summary>
    public void Error(string message)
    {
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        var prefix = space < 0 ? message : message[..space];
        _errors[prefix] = _errors.GetValueOrDefault(prefix) + 1;
        _dirty = true;
    }

    /// <summary>Adds what was counted since the last call to <paramref name="stats"/> and starts again.</summary>
    public void AddTo(CommandStats stats)
    {
        if (!_dirty)
        {
            return;
        }

        foreach (var (name, counts) in _commands)
        {
            if (counts.Calls + counts.Rejected > 0)
            {
                stats.Add(name, counts);
                counts.Clear();
            }
        }

        foreach (var (prefix, count) in _errors)
        {
            stats.AddErrors(prefix, count);
        }

        _errors.Clear();
        _dirty = false;
    }

    private CommandCallCounts For(string name)
    {
        _dirty = true;
        if (!_commands.TryGetValue(name, out var counts))
        {
            counts = new CommandCallCounts();
            _commands.Add(name, counts);
        }

        return counts;
    }
}

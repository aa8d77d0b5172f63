using System.Collections.Concurrent;

namespace ActorRooms.Broker.Stats;

/// <summary>
/// INFO commandstats and errorstats for one broker: per command, how often it ran, how long its handlers took, how
/// often it was refused before running (arity, NOAUTH, NOPERM, subscribed mode) and how often it ran into an error
/// reply; per error prefix, how often it was replied. Connections add their tallies once per read, not per command.
/// </summary>
public sealed class CommandStats
{
    private readonly ConcurrentDictionary<string, CommandCallCounts> _commands = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long[]> _errors = new(StringComparer.Ordinal);

    /// <summary>Adds one connection's figures for command <paramref name="name"/>.</summary>
    public void Add(string name, in CommandCallCounts counts)
    {
        var total = _commands.GetOrAdd(name, _ => new CommandCallCounts());
        Interlocked.Add(ref total.Calls, counts.Calls);
        Interlocked.Add(ref total.Microseconds, counts.Microseconds);
        Interlocked.Add(ref total.Rejected, counts.Rejected);
        Interlocked.Add(ref total.Failed, counts.Failed);
    }

    /// <summary>Counts <paramref name="count"/> error replies whose first word is <paramref name="prefix"/> (ERR, NOAUTH, ...).</summary>
    public void AddErrors(string prefix, long count) => Interlocked.Add(ref _errors.GetOrAdd(prefix, _ => new long[1])[0], count);

    /// <summary>Every command seen so far with its totals.</summary>
    public IEnumerable<(string Name, CommandCallCounts Counts)> Commands() =>
        _commands.Select(pair => (pair.Key, pair.Value)).OrderBy(c => c.Key, StringComparer.Ordinal);

    /// <summary>Every error prefix replied so far with its count.</summary>
    public IEnumerable<(string Prefix, long Count)> Errors() =>
        _errors.Select(pair => (pair.Key, Volatile.Read(ref pair.Value[0]))).OrderBy(e => e.Key, StringComparer.Ordinal);
}

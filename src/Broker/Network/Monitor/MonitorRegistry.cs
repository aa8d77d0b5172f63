using System.Collections.Concurrent;
using Akka.Actor;
using Akka.IO;

namespace ActorRooms.Broker.Network.Monitor;

/// <summary>
/// The connections of one broker that ran MONITOR. Commands are formatted and sent only while there is one, so the
/// cost without monitors is one volatile read per command. Each monitor queues the lines in its bounded output like a
/// subscriber's messages, so a slow monitor is shed by the slow-consumer policy and never grows the broker.
/// </summary>
public sealed class MonitorRegistry
{
    private readonly ConcurrentDictionary<IActorRef, bool> _monitors = new();
    private volatile int _count;

    /// <summary>True while at least one connection monitors.</summary>
    public bool Active => _count > 0;

    public void Add(IActorRef connection)
    {
        _monitors[connection] = true;
        _count = _monitors.Count;
    }

    /// <summary>Whether <paramref name="connection"/> monitors (the idle check spares monitors, as Redis does).</summary>
    public bool Contains(IActorRef connection) => _monitors.ContainsKey(connection);

    public void Remove(IActorRef connection)
    {
        if (_monitors.TryRemove(connection, out _))
        {
            _count = _monitors.Count;
        }
    }

    /// <summary>Sends <paramref name="line"/> to every monitor (the one that ran the command too, as in Redis), from <paramref name="from"/>.</summary>
    public void Send(ByteString line, IActorRef from)
    {
        var message = new MonitoredCommand(line);
        foreach (var monitor in _monitors.Keys)
        {
            monitor.Tell(message, from);
        }
    }
}

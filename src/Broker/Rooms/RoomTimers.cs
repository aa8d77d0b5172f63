using Akka.Actor;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// A room actor's keyed timers (the idle check; in a cluster, the owner's acknowledgement and registration checks),
/// with what Akka's <c>IWithTimers</c> promises: starting a key again replaces its timer, and a message of a timer
/// that was cancelled or replaced is discarded even when it was already in the mailbox (each message carries its
/// timer's generation). Unlike <c>IWithTimers</c>, whose scheduler and dictionary every instance holds from its
/// constructor on, this holds nothing while no timer runs: a room with members runs none, and a node holds up to
/// millions of rooms (issue 20). A room has at most a few keys, so they are kept in a small array.
/// </summary>
public sealed class RoomTimers(IActorContext context)
{
    private Timer[]? _timers;
    private int _generation;

    /// <summary>True while the timer <paramref name="key"/> runs.</summary>
    public bool IsActive(object key) => IndexOf(key) >= 0;

    /// <summary>Sends <paramref name="message"/> to the room every <paramref name="interval"/>, replacing the timer <paramref name="key"/>.</summary>
    public void StartPeriodic(object key, object message, TimeSpan interval) => Start(key, message, interval, repeat: true);

    /// <summary>Sends <paramref name="message"/> to the room once after <paramref name="delay"/>, replacing the timer <paramref name="key"/>.</summary>
    public void StartSingle(object key, object message, TimeSpan delay) => Start(key, message, delay, repeat: false);

    /// <summary>Stops the timer <paramref name="key"/>; a message of it still in the mailbox is discarded.</summary>
    public void Cancel(object key)
    {
        var at = IndexOf(key);
        if (at < 0)
        {
            return;
        }

        _timers![at].Cancelable.Cancel();
        _timers[at] = default;
        if (Array.TrueForAll(_timers, t => t.Key is null))
        {
            _timers = null;
        }
    }

    /// <summary>Stops every timer (the room stops).</summary>
    public void CancelAll()
    {
        foreach (var timer in _timers ?? [])
        {
            timer.Cancelable?.Cancel();
        }

        _timers = null;
    }

    /// <summary>
    /// When <paramref name="received"/> is a timer's message: true, with the message to handle in
    /// <paramref name="message"/>, or null when the timer was cancelled or replaced since (discard it). False for any
    /// other message.
    /// </summary>
    public bool TryUnwrap(object received, out object? message)
    {
        if (received is not Tick tick)
        {
            message = null;
            return false;
        }

        var at = IndexOf(tick.Key);
        if (at < 0 || _timers![at].Generation != tick.Generation)
        {
            message = null;
            return true;
        }

        if (!_timers[at].Repeat)
        {
            _timers[at] = default;
            if (Array.TrueForAll(_timers, t => t.Key is null))
            {
                _timers = null;
            }
        }

        message = tick.Message;
        return true;
    }

    private void Start(object key, object message, TimeSpan after, bool repeat)
    {
        Cancel(key);
        var tick = new Tick(key, ++_generation, message);
        var scheduler = context.System.Scheduler;
        var cancelable = repeat
            ? scheduler.ScheduleTellRepeatedlyCancelable(after, after, context.Self, tick, ActorRefs.NoSender)
            : scheduler.ScheduleTellOnceCancelable(after, context.Self, tick, ActorRefs.NoSender);
        _timers ??= new Timer[2];
        var free = Array.FindIndex(_timers, t => t.Key is null);
        if (free < 0)
        {
            free = _timers.Length;
            Array.Resize(ref _timers, _timers.Length * 2);
        }

        _timers[free] = new Timer(key, tick.Generation, repeat, cancelable);
    }

    private int IndexOf(object key) => _timers is null ? -1 : Array.FindIndex(_timers, t => Equals(t.Key, key));

    private readonly record struct Timer(object? Key, int Generation, bool Repeat, ICancelable Cancelable);

    /// <summary>One timer's message, stamped with the timer's generation.</summary>
    private sealed record Tick(object Key, int Generation, object Message);
}

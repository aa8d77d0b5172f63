using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// The room actors' mailbox (<c>akka.actor.room-mailbox</c> in hocon/broker.conf): unbounded, as Akka's default, but
/// small while the room is quiet. Akka's default queue is a <see cref="System.Collections.Concurrent.ConcurrentQueue{T}"/>
/// whose first segment holds 32 envelopes: about 1.1 KB per actor before its first message, and a node holds up to
/// millions of rooms (issue 20). A room's mailbox sees one message per publish batch and per membership change, not
/// one per delivered message (those go to the connections), so a short lock per message costs little there.
/// </summary>
public sealed class RoomMailbox : MailboxType, IProducesMessageQueue<RoomMessageQueue>
{
    /// <summary>The configuration path of this mailbox; the registry gives it to its rooms when the system has it.</summary>
    public const string ConfigPath = "akka.actor.room-mailbox";

    public RoomMailbox(Settings settings, Config config)
        : base(settings, config)
    {
    }

    /// <inheritdoc/>
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new RoomMessageQueue();
}

/// <summary>
/// A ring of envelopes under a lock, made on the first message with room for a few and doubled as needed; a ring
/// that grew past <see cref="KeptCapacity"/> is dropped once it is empty again, so a burst does not stay resident.
/// It locks itself (no lock object: one more per room), which only Akka's mailbox holds a reference to.
/// </summary>
public sealed class RoomMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    /// <summary>The largest ring kept while the queue is empty.</summary>
    public const int KeptCapacity = 16;

    private const int FirstCapacity = 4;
    private Envelope[]? _ring;
    private int _head;
    private int _count;

    /// <inheritdoc/>
    public bool HasMessages => Volatile.Read(ref _count) > 0;

    /// <inheritdoc/>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The ring's capacity now (0 when it holds none).</summary>
    public int Capacity
    {
        get
        {
            lock (this)
            {
                return _ring?.Length ?? 0;
            }
        }
    }

    /// <inheritdoc/>
    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (this)
        {
            if (_ring is null)
            {
                _ring = new Envelope[FirstCapacity];
            }
            else if (_count == _ring.Length)
            {
                Grow();
            }

            _ring[(_head + _count) % _ring.Length] = envelope;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    /// <inheritdoc/>
    public bool TryDequeue(out Envelope envelope)
    {
        // Akka's mailbox asks once more after the last message of every run: answer "empty" without the lock, as
        // ConcurrentQueue does (a message enqueued meanwhile schedules the mailbox again).
        if (Volatile.Read(ref _count) == 0)
        {
            envelope = default;
            return false;
        }

        lock (this)
        {
            if (_count == 0)
            {
                envelope = default;
                return false;
            }

            envelope = _ring![_head];
            _ring[_head] = default;
            _head = (_head + 1) % _ring.Length;
            Volatile.Write(ref _count, _count - 1);
            if (_count == 0)
            {
                _head = 0;
                if (_ring.Length > KeptCapacity)
                {
                    _ring = null;
                }
            }

            return true;
        }
    }

    /// <inheritdoc/>
    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
        {
            deadletters.Enqueue(owner, envelope);
        }
    }

    private void Grow()
    {
        var grown = new Envelope[_ring!.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = _ring[(_head + i) % _ring.Length];
        }

        _ring = grown;
        _head = 0;
    }
}

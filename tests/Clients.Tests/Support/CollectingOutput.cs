using System.Collections.Concurrent;
using ActorRooms.Protocol.PubSub;
using ActorRooms.Clients.Reader;

namespace ActorRooms.Clients.Tests.Support;

/// <summary>A reader output that keeps every message and every status change, for tests to inspect from their own thread.</summary>
internal sealed class CollectingOutput : IReaderOutput
{
    private readonly ConcurrentQueue<(string Channel, string Payload)> _messages = new();
    private readonly ConcurrentQueue<ReaderStatus> _statuses = new();
    private ReaderStatus? _last;
    private int _joins;

    public IReadOnlyList<(string Channel, string Payload)> Messages => [.. _messages];

    public IReadOnlyList<ReaderStatus> Statuses => [.. _statuses];

    /// <summary>How many times the reader went from not joined to joined.</summary>
    public int Joins => Volatile.Read(ref _joins);

    public int Flushes { get; private set; }

    public void Add(in PubSubMessage message, TimeSpan now) => _messages.Enqueue((message.ChannelText, message.PayloadText));

    public void Flush() => Flushes++;

    public void Refresh(TimeSpan now, ReaderStatus status)
    {
        if (status.Joined && _last is not { Joined: true })
        {
            Interlocked.Increment(ref _joins);
        }

        if (!status.Equals(_last))
        {
            _statuses.Enqueue(status);
        }

        _last = status;
    }
}

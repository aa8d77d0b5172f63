using System.Buffers;
using Akka.IO;

namespace ActorRooms.Broker.Network.Output;

/// <summary>
/// A connection's replies in request order. RESP clients pipeline, and some replies depend on other actors
/// (PUBLISH's receiver count, a SUBSCRIBE that waits for its room), so replies are parts that complete in any
/// order and leave strictly in order. Ready bytes written between pending parts are gathered into one part.
/// </summary>
public sealed class ReplyPipeline
{
    private readonly Queue<ReplyPart> _parts = new();
    private ReadyBytes? _tail;

    /// <summary>Parts added so far (numbered from 1 in the order added).</summary>
    public long AddedParts { get; private set; }

    /// <summary>Parts taken so far: every part numbered up to this has left.</summary>
    public long TakenParts { get; private set; }

    /// <summary>True when every reply has been taken.</summary>
    public bool IsEmpty => _parts.Count == 0;

    /// <summary>The oldest reply not yet taken.</summary>
    public ReplyPart? Head => _parts.Count > 0 ? _parts.Peek() : null;

    /// <summary>The newest reply, so adjacent PUBLISH replies of one batch can share a part.</summary>
    public ReplyPart? Last { get; private set; }

    /// <summary>A writer for replies that are ready now; they leave after every earlier part.</summary>
    public IBufferWriter<byte> Ready
    {
        get
        {
            if (_tail is null)
            {
                _tail = new ReadyBytes();
                _parts.Enqueue(_tail);
                AddedParts++;
                Last = _tail;
            }

            return _tail.Writer;
        }
    }

    /// <summary>Adds a reply that completes later.</summary>
    public void Add(ReplyPart part)
    {
        _parts.Enqueue(part);
        AddedParts++;
        _tail = null;
        Last = part;
    }

    /// <summary>Takes every completed part at the head, in order, as one buffer (empty when none).</summary>
    public ByteString TakeCompleted()
    {
        if (_parts.Count == 0 || !_parts.Peek().IsComplete)
        {
            return ByteString.Empty;
        }

        var output = new ArrayBufferWriter<byte>();
        while (_parts.Count > 0 && _parts.Peek().IsComplete)
        {
            var part = _parts.Dequeue();
            TakenParts++;
            if (ReferenceEquals(part, _tail))
            {
                _tail = null;
            }

            if (ReferenceEquals(part, Last))
            {
                Last = null;
            }

            part.WriteTo(output);
        }

        return output.WrittenCount == 0 ? ByteString.Empty : ByteString.FromBytes(output.WrittenSpan.ToArray());
    }

    private sealed class ReadyBytes : ReplyPart
    {
        public ArrayBufferWriter<byte> Writer { get; } = new(256);

        public override bool IsComplete => true;

        public override void WriteTo(IBufferWriter<byte> output) => output.Write(Writer.WrittenSpan);
    }
}

using System.Buffers;
using ActorRooms.Messages.Resp;

namespace ActorRooms.Broker.Network;

/// <summary>
/// The publishes of one socket read that go to one room, sent as one <see cref="Rooms.PublishBatch"/>.
/// Every message of a batch reaches the same receivers, so one acknowledgement answers all their PUBLISH replies.
/// </summary>
public sealed class PendingPublish(long requestId, string room)
{
    public long RequestId { get; } = requestId;

    public string Room { get; } = room;

    /// <summary>Payload slices, in order; handed to the room as they are, never changed after sending.</summary>
    public List<ReadOnlyMemory<byte>> Payloads { get; } = [];

    /// <summary>Receivers per message, once acknowledged.</summary>
    public int Receivers { get; private set; }

    public bool IsAcknowledged { get; private set; }

    public void Acknowledge(int receivers)
    {
        Receivers = receivers;
        IsAcknowledged = true;
    }
}

/// <summary><c>:N\r\n</c> for <see cref="Repeat"/> adjacent PUBLISH commands of one batch.</summary>
public sealed class PublishReply(PendingPublish publish, bool suppressed) : ReplyPart
{
    public PendingPublish Publish { get; } = publish;

    public bool Suppressed { get; } = suppressed;

    public int Repeat { get; set; } = 1;

    public override bool IsComplete => Publish.IsAcknowledged;

    public override void WriteTo(IBufferWriter<byte> output)
    {
        if (Suppressed)
        {
            return;
        }

        for (var i = 0; i < Repeat; i++)
        {
            RespWriter.Integer(output, Publish.Receivers);
        }
    }
}

/// <summary>
/// Reply bytes known now or later that may leave only when <see cref="Outstanding"/> acknowledgements have arrived
/// (a SUBSCRIBE waits for its rooms, a query for its answer).
/// </summary>
public sealed class AwaitedReply : ReplyPart
{
    private readonly ArrayBufferWriter<byte> _bytes = new(64);

    public AwaitedReply(int outstanding, bool suppressed)
    {
        Outstanding = outstanding;
        Suppressed = suppressed;
    }

    public int Outstanding { get; set; }

    public bool Suppressed { get; }

    /// <summary>Where the reply bytes are written, now or when the answer comes.</summary>
    public IBufferWriter<byte> Bytes => _bytes;

    public override bool IsComplete => Outstanding <= 0;

    public override void WriteTo(IBufferWriter<byte> output)
    {
        if (!Suppressed)
        {
            output.Write(_bytes.WrittenSpan);
        }
    }
}

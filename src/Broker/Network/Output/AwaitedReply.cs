using System.Buffers;

namespace ActorRooms.Broker.Network.Output;

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

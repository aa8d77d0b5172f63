using System.Buffers;

namespace ActorRooms.Broker.Network.Output;

/// <summary>
/// A reply that another actor answers (PUBSUB counts from the registry, CLIENT LIST from the directory).
/// Its question is sent only when it reaches the head of the pipeline, so it sees the effect of every earlier
/// command of this client (a SUBSCRIBE before a PUBSUB NUMSUB is counted, as in Redis).
/// </summary>
public sealed class QueryReply(long requestId, object question, Akka.Actor.IActorRef answerer, bool suppressed) : ReplyPart
{
    private readonly ArrayBufferWriter<byte> _bytes = new(64);

    public long RequestId { get; } = requestId;

    public object Question { get; } = question;

    public Akka.Actor.IActorRef Answerer { get; } = answerer;

    public bool Suppressed { get; } = suppressed;

    public bool Sent { get; set; }

    public bool Answered { get; private set; }

    public override bool IsComplete => Answered;

    /// <summary>Writes the answer's reply bytes and completes the part.</summary>
    public void Answer(Action<IBufferWriter<byte>> write)
    {
        write(_bytes);
        Answered = true;
    }

    public override void WriteTo(IBufferWriter<byte> output)
    {
        if (!Suppressed)
        {
            output.Write(_bytes.WrittenSpan);
        }
    }
}

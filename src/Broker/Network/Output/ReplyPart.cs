using System.Buffers;

namespace ActorRooms.Broker.Network.Output;

/// <summary>One reply, or several adjacent ones, in a <see cref="ReplyPipeline"/>.</summary>
public abstract class ReplyPart
{
    /// <summary>True when the bytes are known.</summary>
    public abstract bool IsComplete { get; }

    /// <summary>Writes the reply bytes (nothing when the client turned replies off).</summary>
    public abstract void WriteTo(IBufferWriter<byte> output);
}

using System.Buffers;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.PubSub;

/// <summary>
/// <c>:N\r\n</c> for <see cref="Repeat"/> adjacent PUBLISH commands of one batch, from message <see cref="FirstMessage"/> on,
/// each preceded by the publisher's own copies when it listens to the room.
/// </summary>
public sealed class PublishReply(PendingPublish publish, int firstMessage, bool suppressed) : ReplyPart
{
    public PendingPublish Publish { get; } = publish;

    public int FirstMessage { get; } = firstMessage;

    public bool Suppressed { get; } = suppressed;

    public int Repeat { get; set; } = 1;

    public override bool IsComplete => Publish.IsAcknowledged;

    public override void WriteTo(IBufferWriter<byte> output)
    {
        for (var i = 0; i < Repeat; i++)
        {
            // Own copies are messages, not replies: CLIENT REPLY OFF does not hold them back.
            Publish.WriteOwnCopies(FirstMessage + i, output);
            if (!Suppressed)
            {
                RespWriter.Integer(output, Publish.Receivers);
            }
        }
    }
}

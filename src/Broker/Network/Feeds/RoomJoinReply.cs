using System.Buffers;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Rooms;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.Feeds;

/// <summary>
/// The reply to ROOM.JOIN: the <c>roomjoined</c> confirmation, then the room's preamble (snapshot or replay), then any
/// live messages that arrived while this reply waited behind earlier replies. Written as one part, so the client sees
/// them in exactly the room's order whatever else it had pipelined.
/// </summary>
public sealed class RoomJoinReply(RoomFeed feed, long subscriptions, RespProtocol protocol) : ReplyPart
{
    private RoomFeedJoined? _joined;

    public override bool IsComplete => _joined is not null;

    /// <summary>The room's answer.</summary>
    public void Answer(RoomFeedJoined joined) => _joined = joined;

    public override void WriteTo(IBufferWriter<byte> output)
    {
        var joined = _joined!;
        // The confirmation is a push, like SUBSCRIBE's: CLIENT REPLY OFF/SKIP does not drop it (nor the messages).
        RoomFrames.WriteJoined(output, feed.RoomBytes, joined.Epoch, joined.LastSeq, subscriptions, protocol);

        output.Write(joined.Preamble.ToReadOnlySpan());
        foreach (var held in feed.TakeHeld())
        {
            output.Write(held.ToReadOnlySpan());
        }
    }
}

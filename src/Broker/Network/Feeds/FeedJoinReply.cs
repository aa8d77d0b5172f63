using System.Buffers;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Rooms;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.Feeds;

/// <summary>
/// What a feed's join writes once the room has answered: the confirmation (ROOM.JOIN's <c>roomjoined</c> reply, or
/// SUBSCRIBE's <c>subscribe</c> frame for a <c>room:…</c> channel), the feed's start (the envelope form's
/// <c>joined</c>), the room's preamble (snapshot or replay), then any live messages that arrived while this reply
/// waited behind earlier replies. Written as one part, so the client sees them in exactly the room's order whatever
/// else it had pipelined.
/// </summary>
/// <param name="feed">The feed joining.</param>
/// <param name="confirm">Writes the confirmation from the room's answer; skipped when <paramref name="suppressed"/> (CLIENT REPLY OFF/SKIP for ROOM.JOIN, whose confirmation is an ordinary reply).</param>
/// <param name="suppressed">Whether the confirmation is dropped.</param>
/// <param name="protocol">The protocol at the join (the room encoded a ROOM.JOIN preamble in it).</param>
public sealed class FeedJoinReply(RoomFeed feed, Action<IBufferWriter<byte>, RoomFeedJoined> confirm, bool suppressed, RespProtocol protocol) : ReplyPart
{
    private RoomFeedJoined? _joined;

    public override bool IsComplete => _joined is not null;

    /// <summary>The room's answer.</summary>
    public void Answer(RoomFeedJoined joined) => _joined = joined;

    public override void WriteTo(IBufferWriter<byte> output)
    {
        var joined = _joined!;
        if (!suppressed)
        {
            confirm(output, joined);
        }

        feed.Format.WriteJoined(output, joined.Epoch, joined.LastSeq, protocol);
        if (joined.Parts is { } parts)
        {
            feed.Format.WritePreamble(output, parts, protocol);
        }
        else
        {
            output.Write(joined.Preamble.ToReadOnlySpan());
        }

        foreach (var held in feed.TakeHeld())
        {
            output.Write(held.ToReadOnlySpan());
        }
    }
}

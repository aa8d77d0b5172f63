using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Rooms.Delivery;

/// <summary>
/// Encodes one batch into the message a member of a given protocol receives. Implemented by small structs, so that
/// <see cref="MemberGroup{TInfo}.Deliver{TEncoder, TDelivery}"/> calls it without a delegate or a boxed copy.
/// </summary>
public interface IFrameEncoder<out TDelivery>
    where TDelivery : class
{
    /// <summary>The delivery for members speaking <paramref name="protocol"/>; called at most once per protocol per batch.</summary>
    TDelivery Encode(RespProtocol protocol);
}

/// <summary>A batch as <c>message</c> frames for a room's channel members.</summary>
public readonly struct ChannelFrames(string room, FrameHeads heads, IReadOnlyList<ReadOnlyMemory<byte>> payloads) : IFrameEncoder<RoomDelivery>
{
    /// <inheritdoc/>
    public RoomDelivery Encode(RespProtocol protocol) =>
        new(room, SharedFrames.Batch(heads.For(protocol), payloads), payloads.Count);
}

/// <summary>A batch as one pattern's <c>pmessage</c> frames.</summary>
public readonly struct PatternFrames(string pattern, FrameHeads heads, IReadOnlyList<ReadOnlyMemory<byte>> payloads) : IFrameEncoder<PatternDelivery>
{
    /// <inheritdoc/>
    public PatternDelivery Encode(RespProtocol protocol) =>
        new(pattern, SharedFrames.Batch(heads.For(protocol), payloads), payloads.Count);
}

/// <summary>Ordered entries as <c>roommsg</c> frames for ROOM.JOIN members, with the entries as data for their policies.</summary>
public readonly struct FeedFrames(string room, FrameHeads heads, long epoch, RoomEntry[] entries, long orderedAt) : IFrameEncoder<RoomFeedDelivery>
{
    /// <inheritdoc/>
    public RoomFeedDelivery Encode(RespProtocol protocol) =>
        new(room, epoch, SharedFrames.RoomMessages(heads.For(protocol), epoch, entries, protocol), entries, orderedAt);
}

using ActorRooms.Protocol.Resp;

namespace ActorRooms.Protocol.PubSub;

/// <summary>
/// Tells pushes from replies. In RESP3 a push has its own type byte (<c>&gt;</c>). In RESP2 a push is an ordinary
/// array, so it can only be told by its first element, and only on a connection that has subscribed: there the
/// server sends nothing but pushes and the replies of the few commands allowed in subscribed mode, whose array
/// replies (PING's <c>pong</c>) never start with a push kind. The rule sits here, in one place.
/// </summary>
public static class PubSubPushes
{
    /// <summary>Classifies <paramref name="value"/>; <paramref name="subscribed"/> says the connection sent (P)SUBSCRIBE.</summary>
    public static PubSubPushKind Classify(in RespValue value, bool subscribed)
    {
        var isPush = value.Type == RespValueType.Push;
        if (!isPush && !(subscribed && value.Type == RespValueType.Array && !value.IsNull))
        {
            return PubSubPushKind.None;
        }

        var items = value.Items;
        if (items.Count == 0 || items[0].IsAggregate || items[0].IsNull)
        {
            return isPush ? PubSubPushKind.Other : PubSubPushKind.None;
        }

        var kind = items[0].Bytes.Span;
        var result = items.Count switch
        {
            3 when kind.SequenceEqual("message"u8) || kind.SequenceEqual("smessage"u8) => PubSubPushKind.Message,
            4 when kind.SequenceEqual("pmessage"u8) => PubSubPushKind.PatternMessage,
            3 when kind.SequenceEqual("subscribe"u8) || kind.SequenceEqual("psubscribe"u8) || kind.SequenceEqual("ssubscribe"u8) => PubSubPushKind.Subscribed,
            3 when kind.SequenceEqual("unsubscribe"u8) || kind.SequenceEqual("punsubscribe"u8) || kind.SequenceEqual("sunsubscribe"u8) => PubSubPushKind.Unsubscribed,
            7 when kind.SequenceEqual(RoomPushKinds.MessageBytes) => PubSubPushKind.RoomMessage,
            5 when kind.SequenceEqual(RoomPushKinds.JoinedBytes) => PubSubPushKind.RoomJoined,
            >= 3 when kind.StartsWith(RoomPushKinds.PrefixBytes) => PubSubPushKind.RoomNotice,
            _ => PubSubPushKind.None,
        };
        return result == PubSubPushKind.None && isPush ? PubSubPushKind.Other : result;
    }

    /// <summary>The message of a <see cref="PubSubPushKind.Message"/>, <see cref="PubSubPushKind.PatternMessage"/> or room push.</summary>
    public static PubSubMessage ToMessage(in RespValue push, PubSubPushKind kind)
    {
        var items = push.Items;
        if (kind == PubSubPushKind.RoomMessage)
        {
            // roommsg room epoch seq key time payload
            return new PubSubMessage(items[1].Bytes, items[6].Bytes, ReadOnlyMemory<byte>.Empty, new RoomPushHeader(RoomPushKinds.Message, items[2].Integer, items[3].Integer, items[3].Integer));
        }

        if (kind is PubSubPushKind.RoomJoined or PubSubPushKind.RoomNotice)
        {
            // kind room [epoch or client id] [number] [number]: the numbers this client tracks sequences with.
            var numbers = items.Skip(2).Where(i => i.Type == RespValueType.Integer).Select(i => i.Integer).ToList();
            return new PubSubMessage(items[1].Bytes, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, new RoomPushHeader(
                items[0].Text, numbers.ElementAtOrDefault(0), numbers.ElementAtOrDefault(1), numbers.ElementAtOrDefault(2)));
        }

        return kind == PubSubPushKind.PatternMessage
            ? new PubSubMessage(items[2].Bytes, items[3].Bytes, items[1].Bytes)
            : new PubSubMessage(items[1].Bytes, items[2].Bytes, ReadOnlyMemory<byte>.Empty);
    }
}

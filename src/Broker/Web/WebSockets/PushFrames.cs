using System.Text;
using System.Text.Json;

namespace ActorRooms.Broker.Web.WebSockets;

/// <summary>
/// RESP3 pushes as WebSocket frames: <c>message</c> / <c>pmessage</c> → <c>message</c>, <c>roommsg</c> →
/// <c>roommsg</c>, the subscription confirmations → <c>subscribed</c>, <c>unsubscribed</c>, <c>psubscribed</c>,
/// <c>punsubscribed</c>, and the room notices (<c>roomjoined</c> → <c>joined</c>, <c>roomsnapshot</c> →
/// <c>snapshot</c>, …) with the fields of docs/protocol.md. A confirmation that answers the op at the head of the
/// reply order takes that op's <c>id</c>; one the server sent by itself (a users reload ended a subscription) has none.
/// </summary>
public static class PushFrames
{
    /// <summary>Writes the push at the cursor (its <c>&gt;N</c> header not yet read).</summary>
    public static void Write(Utf8JsonWriter json, ref RespCursor cursor, Queue<ExpectedReply> expected)
    {
        var count = cursor.ReadCount();
        var kind = Encoding.ASCII.GetString(cursor.ReadString(out _));
        json.WriteStartObject();
        switch (kind)
        {
            case "message" or "smessage":
                json.WriteString("type"u8, "message"u8);
                JsonFrames.WriteName(json, "room"u8, cursor.ReadString(out _));
                JsonFrames.WritePayload(json, cursor.ReadString(out _));
                break;
            case "pmessage":
                json.WriteString("type"u8, "message"u8);
                JsonFrames.WriteName(json, "pattern"u8, cursor.ReadString(out _));
                JsonFrames.WriteName(json, "room"u8, cursor.ReadString(out _));
                JsonFrames.WritePayload(json, cursor.ReadString(out _));
                break;
            case "roommsg":
                json.WriteString("type"u8, "roommsg"u8);
                JsonFrames.WriteName(json, "room"u8, cursor.ReadString(out _));
                Number(json, "epoch"u8, ref cursor);
                Number(json, "seq"u8, ref cursor);
                var key = cursor.ReadString(out var noKey);
                if (noKey)
                {
                    json.WriteNull("key"u8);
                }
                else
                {
                    JsonFrames.WriteName(json, "key"u8, key);
                }

                Number(json, "time"u8, ref cursor);
                JsonFrames.WritePayload(json, cursor.ReadString(out _));
                break;
            case "subscribe" or "unsubscribe" or "psubscribe" or "punsubscribe":
                json.WriteString("type"u8, kind + "d");
                var name = cursor.ReadString(out var noName);
                if (noName)
                {
                    json.WriteNull(kind.StartsWith('p') ? "pattern"u8 : "room"u8);
                }
                else
                {
                    JsonFrames.WriteName(json, kind.StartsWith('p') ? "pattern"u8 : "room"u8, name);
                }

                Number(json, "count"u8, ref cursor);
                Confirmed(json, kind, name, expected);
                break;
            case "roomjoined":
                Notice(json, "joined", ref cursor, "epoch"u8, "lastSeq"u8, "subscriptions"u8, out var joined);
                Confirmed(json, kind, joined, expected);
                break;
            case "roomleft":
                json.WriteString("type"u8, "left"u8);
                var left = cursor.ReadString(out _);
                JsonFrames.WriteName(json, "room"u8, left);
                Number(json, "subscriptions"u8, ref cursor);
                Confirmed(json, kind, left, expected);
                break;
            case "roomsnapshot":
                Notice(json, "snapshot", ref cursor, "epoch"u8, "lastSeq"u8, "keys"u8, out _);
                break;
            case "roomexhausted":
                Notice(json, "exhausted", ref cursor, "epoch"u8, "requested"u8, "oldest"u8, out _);
                break;
            case "roomgap":
                Notice(json, "gap", ref cursor, "epoch"u8, "from"u8, "to"u8, out _);
                break;
            case "roomconflated":
                Notice(json, "conflated", ref cursor, "epoch"u8, "from"u8, "to"u8, out _);
                break;
            case "roomreset":
                json.WriteString("type"u8, "reset"u8);
                JsonFrames.WriteName(json, "room"u8, cursor.ReadString(out _));
                Number(json, "epoch"u8, ref cursor);
                Number(json, "seq"u8, ref cursor);
                break;
            case "roomjoin" or "roomleave":
                json.WriteString("type"u8, kind == "roomjoin" ? "join"u8 : "leave"u8);
                JsonFrames.WriteName(json, "room"u8, cursor.ReadString(out _));
                Number(json, "client"u8, ref cursor);
                JsonFrames.WriteName(json, "name"u8, cursor.ReadString(out _));
                Number(json, "members"u8, ref cursor);
                break;
            default:
                json.WriteString("type"u8, "push"u8);
                json.WriteString("kind"u8, kind);
                json.WriteStartArray("values"u8);
                for (var i = 1L; i < count; i++)
                {
                    RespJsonValue.Write(json, ref cursor);
                }

                json.WriteEndArray();
                break;
        }

        json.WriteEndObject();
    }

    // <type> room :a :b :c
    private static void Notice(Utf8JsonWriter json, string type, ref RespCursor cursor, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, out ReadOnlySpan<byte> room)
    {
        json.WriteString("type"u8, type);
        room = cursor.ReadString(out _);
        JsonFrames.WriteName(json, "room"u8, room);
        Number(json, a, ref cursor);
        Number(json, b, ref cursor);
        Number(json, c, ref cursor);
    }

    private static void Number(Utf8JsonWriter json, ReadOnlySpan<byte> property, ref RespCursor cursor)
    {
        if (cursor.ReadInteger() is { } value)
        {
            json.WriteNumber(property, value);
        }
        else
        {
            json.WriteNull(property);
        }
    }

    // The op at the head of the reply order, when this confirmation answers it: its op name and id go in the frame.
    private static void Confirmed(Utf8JsonWriter json, string kind, ReadOnlySpan<byte> subject, Queue<ExpectedReply> expected)
    {
        if (expected.TryPeek(out var head) && head.Shape == ReplyShape.Confirmation && head.Confirmation == kind
            && (head.Subject is null || Encoding.UTF8.GetBytes(head.Subject).AsSpan().SequenceEqual(subject)))
        {
            expected.Dequeue();
            JsonFrames.WriteOp(json, head.Op, head.Id);
        }
    }
}

using System.Text.Json;

namespace ActorRooms.Broker.Web.WebSockets;

/// <summary>
/// Turns a connection's RESP3 output into the JSON frames of the WebSocket protocol, one frame per RESP value: pushes
/// by their kind (<see cref="PushFrames"/>), replies by the op they answer, taken in request order from the
/// <see cref="ExpectedReply"/> queue (whose <c>id</c> they echo). A value cut across two writes is carried over.
/// Decoding the broker's own frames here keeps the RESP path untouched: rooms encode once per protocol as before,
/// and only WebSocket connections pay for JSON. A plain class owned by one <see cref="WebSocketConnectionActor"/>.
/// </summary>
public sealed class RespToJson
{
    private readonly Queue<ExpectedReply> _expected = new();
    private byte[] _carry = [];

    /// <summary>True while an op waits for its reply.</summary>
    public bool Waiting => _expected.Count > 0;

    /// <summary>Records the replies the next commands will get, in order.</summary>
    public void Expect(IEnumerable<ExpectedReply> replies)
    {
        foreach (var reply in replies)
        {
            _expected.Enqueue(reply);
        }
    }

    /// <summary>Appends the JSON frames of <paramref name="resp"/> to <paramref name="frames"/>.</summary>
    public void Translate(ReadOnlySpan<byte> resp, JsonFrameBatch frames)
    {
        byte[]? joined = null;
        if (_carry.Length > 0)
        {
            joined = [.. _carry, .. resp];
            resp = joined;
            _carry = [];
        }

        TakeLocalFrames(frames);
        while (!resp.IsEmpty)
        {
            var length = RespCursor.Measure(resp);
            if (length < 0)
            {
                _carry = resp.ToArray();
                return;
            }

            TranslateValue(resp[..length], frames);
            resp = resp[length..];
            TakeLocalFrames(frames);
        }
    }

    // In RESP3 ROOM.JOIN and ROOM.LEAVE answer an ordinary array (roomjoined / roomleft), not a push, so that no
    // generic client desyncs (docs/protocol.md); a WebSocket's join or leave op still gets its joined / left frame.
    private bool IsRoomConfirmation(byte type) =>
        type == (byte)'*' && _expected.TryPeek(out var head) && head.Shape == ReplyShape.Confirmation
        && head.Confirmation is "roomjoined" or "roomleft";

    /// <summary>Appends the local frames (errors of ops that never reached the broker) now at the head of the order.</summary>
    public void TakeLocalFrames(JsonFrameBatch frames)
    {
        while (_expected.TryPeek(out var head) && head.Shape == ReplyShape.Local)
        {
            _expected.Dequeue();
            frames.Add(head.LocalFrame!);
        }
    }

    private void TranslateValue(ReadOnlySpan<byte> value, JsonFrameBatch frames)
    {
        var cursor = new RespCursor(value);
        if (cursor.PeekType == (byte)'>' || IsRoomConfirmation(cursor.PeekType))
        {
            var json = frames.Begin();
            PushFrames.Write(json, ref cursor, _expected);
            frames.End();
            return;
        }

        if (!_expected.TryDequeue(out var expected))
        {
            // Output no op asked for: the line a slow consumer or a revoked user gets before the close.
            expected = new ExpectedReply(ReplyShape.Pong, "?");
        }

        if (expected.Shape == ReplyShape.Silent)
        {
            return;
        }

        var writer = frames.Begin();
        WriteReply(writer, ref cursor, expected);
        frames.End();
    }

    private static void WriteReply(Utf8JsonWriter json, ref RespCursor cursor, ExpectedReply expected)
    {
        json.WriteStartObject();
        if (cursor.PeekType == (byte)'-')
        {
            json.WriteString("type"u8, "error"u8);
            json.WriteString("message"u8, cursor.ReadString(out _));
        }
        else
        {
            switch (expected.Shape)
            {
                case ReplyShape.Authenticated:
                    json.WriteString("type"u8, "authenticated"u8);
                    json.WriteString("user"u8, expected.Subject);
                    break;
                case ReplyShape.Published:
                    json.WriteString("type"u8, "published"u8);
                    json.WriteNumber("receivers"u8, cursor.ReadInteger() ?? 0);
                    break;
                case ReplyShape.Rooms:
                    json.WriteString("type"u8, "rooms"u8);
                    json.WritePropertyName("rooms"u8);
                    RespJsonValue.Write(json, ref cursor);
                    break;
                case ReplyShape.Info or ReplyShape.Last:
                    var name = expected.Shape == ReplyShape.Info ? "info" : "last";
                    json.WriteString("type"u8, name);
                    json.WriteString("room"u8, expected.Subject);
                    json.WritePropertyName(name);
                    RespJsonValue.Write(json, ref cursor);
                    break;
                case ReplyShape.Pong when expected.Op == "ping":
                    json.WriteString("type"u8, "pong"u8);
                    break;
                default:
                    json.WriteString("type"u8, "reply"u8);
                    json.WritePropertyName("value"u8);
                    RespJsonValue.Write(json, ref cursor);
                    break;
            }
        }

        JsonFrames.WriteOp(json, expected.Op, expected.Id);
        json.WriteEndObject();
    }
}

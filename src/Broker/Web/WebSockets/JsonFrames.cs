using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace ActorRooms.Broker.Web.WebSockets;

/// <summary>
/// The broker → browser JSON frames (docs/protocol.md "WebSocket"): how a payload, a room name and the echoed
/// <c>id</c> are written. A payload that is valid UTF-8 is a JSON string; any other travels as base64 with
/// <c>"encoding":"base64"</c>. Plain functions over a <see cref="Utf8JsonWriter"/>.
/// </summary>
public static class JsonFrames
{
    /// <summary>Non-ASCII text stays as it is (the frames go to a WebSocket, never into HTML).</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary><c>{"type":"error","message":…,"op":…,"id":…}</c> as bytes.</summary>
    public static byte[] Error(string message, string op, string? id)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer, WriterOptions);
        json.WriteStartObject();
        json.WriteString("type", "error");
        json.WriteString("message", message);
        WriteOp(json, op, id);
        json.WriteEndObject();
        json.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes <c>"op"</c> (unless unknown) and <c>"id"</c> (when the client sent one).</summary>
    public static void WriteOp(Utf8JsonWriter json, string? op, string? id)
    {
        if (op is not null and not "?")
        {
            json.WriteString("op", op);
        }

        if (id is not null)
        {
            json.WritePropertyName("id");
            json.WriteRawValue(id, skipInputValidation: true);
        }
    }

    /// <summary>A payload: <c>"payload":"text"</c>, or <c>"payload":"base64…","encoding":"base64"</c> when it is not UTF-8.</summary>
    public static void WritePayload(Utf8JsonWriter json, ReadOnlySpan<byte> payload)
    {
        if (Utf8.IsValid(payload))
        {
            json.WriteString("payload"u8, payload);
        }
        else
        {
            json.WriteBase64String("payload"u8, payload);
            json.WriteString("encoding"u8, "base64"u8);
        }
    }

    /// <summary>A name (room, pattern, key): its UTF-8 text, or Latin-1 when the bytes are not UTF-8 (as the broker names rooms).</summary>
    public static void WriteName(Utf8JsonWriter json, ReadOnlySpan<byte> property, ReadOnlySpan<byte> name)
    {
        if (Utf8.IsValid(name))
        {
            json.WriteString(property, name);
        }
        else
        {
            json.WriteString(property, Encoding.Latin1.GetString(name));
        }
    }
}

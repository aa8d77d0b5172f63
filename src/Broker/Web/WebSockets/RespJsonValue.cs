using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace ActorRooms.Broker.Web.WebSockets;

/// <summary>
/// Any RESP3 value as JSON: maps become objects, arrays, sets and pushes arrays, strings strings, integers and
/// doubles numbers, booleans booleans, nulls null. Used for the replies that carry data (ROOM.LIST, ROOM.INFO,
/// ROOM.LAST) and for anything the WebSocket side has no dedicated frame for.
/// </summary>
public static class RespJsonValue
{
    /// <summary>Writes the value at the cursor.</summary>
    public static void Write(Utf8JsonWriter json, ref RespCursor cursor)
    {
        switch (cursor.PeekType)
        {
            case (byte)'*' or (byte)'~' or (byte)'>':
                var count = cursor.ReadCount();
                if (count < 0)
                {
                    json.WriteNullValue();
                    return;
                }

                json.WriteStartArray();
                for (var i = 0L; i < count; i++)
                {
                    Write(json, ref cursor);
                }

                json.WriteEndArray();
                return;
            case (byte)'%':
                var pairs = cursor.ReadCount();
                json.WriteStartObject();
                for (var i = 0L; i < pairs; i++)
                {
                    var key = cursor.ReadString(out _);
                    json.WritePropertyName(Utf8.IsValid(key) ? Encoding.UTF8.GetString(key) : Encoding.Latin1.GetString(key));
                    Write(json, ref cursor);
                }

                json.WriteEndObject();
                return;
            case (byte)':':
                json.WriteNumberValue(cursor.ReadInteger() ?? 0);
                return;
            case (byte)',':
                var text = Encoding.ASCII.GetString(cursor.ReadLine()[1..]);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                {
                    json.WriteNumberValue(number);
                }
                else
                {
                    json.WriteStringValue(text);
                }

                return;
            case (byte)'(':
                json.WriteRawValue(cursor.ReadLine()[1..], skipInputValidation: true);
                return;
            case (byte)'#':
                json.WriteBooleanValue(cursor.ReadLine()[1] == (byte)'t');
                return;
            default:
                var value = cursor.ReadString(out var isNull);
                if (isNull)
                {
                    json.WriteNullValue();
                }
                else if (Utf8.IsValid(value))
                {
                    json.WriteStringValue(value);
                }
                else
                {
                    json.WriteStringValue(Encoding.Latin1.GetString(value));
                }

                return;
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ActorRooms.Broker.Web.WebSockets;

/// <summary>
/// The fields of one WebSocket op and the RESP arguments built from them. A field of the wrong type throws
/// <see cref="OpFieldException"/> with the error text the client gets; values the broker itself checks (FROM, LAST,
/// MAXRATE, POLICY) are passed on as text, so the client sees the broker's own RESP error for them.
/// </summary>
public sealed class OpFields(JsonElement op, string name)
{
    /// <summary>The command's arguments, its name first.</summary>
    public List<byte[]> Arguments { get; } = [];

    /// <summary>Starts the command with <paramref name="parts"/>.</summary>
    public void Command(params string[] parts)
    {
        Arguments.Clear();
        Arguments.AddRange(parts.Select(Encoding.UTF8.GetBytes));
    }

    /// <summary>A required string field.</summary>
    public string String(string field) =>
        OptionalString(field) ?? throw new OpFieldException($"ERR '{name}' needs \"{field}\" (a string)");

    /// <summary>A string field, or null when absent or null.</summary>
    public string? OptionalString(string field)
    {
        if (!op.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new OpFieldException($"ERR \"{field}\" of '{name}' must be a string");
    }

    /// <summary>Adds <paramref name="option"/> when the boolean field is true.</summary>
    public void Flag(string field, string option)
    {
        if (!op.TryGetProperty(field, out var value) || value.ValueKind is JsonValueKind.False or JsonValueKind.Null)
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.True)
        {
            throw new OpFieldException($"ERR \"{field}\" of '{name}' must be true or false");
        }

        Arguments.Add(Encoding.UTF8.GetBytes(option));
    }

    /// <summary>Adds <paramref name="option"/> and the field's number or string when present.</summary>
    public void Option(string field, string option)
    {
        if (!op.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString()!,
            _ => throw new OpFieldException($"ERR \"{field}\" of '{name}' must be a number or a string"),
        };
        Arguments.Add(Encoding.UTF8.GetBytes(option));
        Arguments.Add(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The <c>payload</c> field: a string sent as its UTF-8 bytes, or with <c>"encoding":"base64"</c> the bytes it encodes.</summary>
    public byte[] Payload()
    {
        var payload = String("payload");
        switch (OptionalString("encoding"))
        {
            case null or "utf-8" or "utf8":
                return Encoding.UTF8.GetBytes(payload);
            case "base64":
                try
                {
                    return Convert.FromBase64String(payload);
                }
                catch (FormatException)
                {
                    throw new OpFieldException($"ERR \"payload\" of '{name}' is not valid base64");
                }

            case var other:
                throw new OpFieldException(string.Create(CultureInfo.InvariantCulture, $"ERR unknown encoding '{other}' (expected utf-8 or base64)"));
        }
    }
}

/// <summary>An op field is missing or of the wrong type; the message is the error frame's text.</summary>
public sealed class OpFieldException(string message) : Exception(message);

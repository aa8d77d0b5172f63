using System.Text;
using System.Text.Json;

namespace ActorRooms.EndToEnd.Tests.Rooms;

/// <summary>
/// One frame of a <c>SUBSCRIBE room:…</c> feed, parsed: an ordinary <c>message</c> on the subscribed channel whose
/// payload is the JSON envelope (docs/protocol.md, "Room feeds through SUBSCRIBE").
/// </summary>
public sealed record FeedEnvelope(string Channel, string Type, string Room, long Epoch, JsonElement Json)
{
    public static FeedEnvelope Parse(byte[] frame)
    {
        var items = RespTree.Push(frame);
        if ((string)items[0]! != "message")
        {
            throw new FormatException($"Not a message frame: {(string)items[0]!}");
        }

        // RespTree reads bulk strings as Latin-1: back to bytes, then UTF-8 JSON.
        var json = JsonDocument.Parse(Encoding.Latin1.GetBytes((string)items[2]!)).RootElement.Clone();
        return new FeedEnvelope((string)items[1]!, json.GetProperty("type").GetString()!, json.GetProperty("room").GetString()!, json.GetProperty("epoch").GetInt64(), json);
    }

    public long Long(string name) => Json.GetProperty(name).GetInt64();

    /// <summary>seq of a msg, joined, snapshot or reset envelope.</summary>
    public long Seq => Long("seq");

    public string? Key => Json.GetProperty("key").GetString();

    public string Payload => Json.GetProperty("payload").GetString()!;
}

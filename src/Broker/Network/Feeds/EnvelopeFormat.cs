using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.Feeds;

/// <summary>
/// A <c>SUBSCRIBE room:…</c> feed: every message and notice is an ordinary <c>message</c> frame on the channel the
/// client subscribed to, whose payload is one JSON object (the envelope, docs/protocol.md "Room feeds through
/// SUBSCRIBE"): <c>{"type":"msg","room":…,"epoch":…,"seq":…,"key":…,"time":…,"payload":"…"}</c>, and notices of
/// their own <c>type</c>. JSON because every client's language reads it without a library of ours; the payload is a
/// JSON string when it is UTF-8 (as text payloads are) and <c>payload64</c> (base64) otherwise, so nothing is lost.
/// One instance per feed, used only by its connection actor (the JSON buffer is reused).
/// </summary>
public sealed class EnvelopeFormat : IFeedFormat
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly FrameHeads _heads;
    private readonly byte[] _room;
    private readonly ArrayBufferWriter<byte> _json = new(256);
    private readonly Utf8JsonWriter _writer;

    public EnvelopeFormat(byte[] channel, byte[] room)
    {
        _heads = FrameHeads.Message(channel);
        _room = room;
        _writer = new Utf8JsonWriter(_json, JsonOptions);
    }

    public bool UsesRoomFrames => false;

    public bool NeedsStructuredPreamble => true;

    public void WriteJoined(IBufferWriter<byte> writer, long epoch, long lastSeq, RespProtocol protocol)
    {
        Begin("joined", epoch);
        _writer.WriteNumber("seq", lastSeq);
        End(writer, protocol);
    }

    public void WriteMessages(IBufferWriter<byte> writer, long epoch, IReadOnlyList<RoomEntry> entries, RespProtocol protocol)
    {
        foreach (var entry in entries)
        {
            Begin("msg", epoch);
            _writer.WriteNumber("seq", entry.Seq);
            if (entry.Key is null)
            {
                _writer.WriteNull("key");
            }
            else
            {
                WriteText("key", Encoding.Latin1.GetBytes(entry.Key));
            }

            _writer.WriteNumber("time", entry.TimeMs);
            var payload = entry.Payload.Span;
            if (Utf8.IsValid(payload))
            {
                _writer.WriteString("payload", payload);
            }
            else
            {
                _writer.WriteBase64String("payload64", payload);
            }

            End(writer, protocol);
        }
    }

    public void WriteReset(IBufferWriter<byte> writer, long epoch, long lastSeq, RespProtocol protocol)
    {
        Begin("reset", epoch);
        _writer.WriteNumber("seq", lastSeq);
        End(writer, protocol);
    }

    public void WriteSnapshotEnd(IBufferWriter<byte> writer, long epoch, long lastSeq, long keys, RespProtocol protocol)
    {
        Begin("snapshot", epoch);
        _writer.WriteNumber("seq", lastSeq);
        _writer.WriteNumber("keys", keys);
        End(writer, protocol);
    }

    // The envelope names what is gone as an inclusive range, like gap: requested … oldest − 1.
    public void WriteExhausted(IBufferWriter<byte> writer, long epoch, long requested, long oldest, RespProtocol protocol) =>
        WriteRange(writer, "exhausted", epoch, requested, oldest - 1, protocol);

    public void WriteGap(IBufferWriter<byte> writer, long epoch, long from, long to, RespProtocol protocol) =>
        WriteRange(writer, "gap", epoch, from, to, protocol);

    public void WriteConflated(IBufferWriter<byte> writer, long epoch, long from, long to, RespProtocol protocol) =>
        WriteRange(writer, "conflated", epoch, from, to, protocol);

    public void WritePresence(IBufferWriter<byte> writer, long epoch, FeedPresenceNotice presence, RespProtocol protocol)
    {
        Begin(presence.Joined ? "join" : "leave", epoch);
        _writer.WriteNumber("client", presence.ClientId);
        WriteText("name", Encoding.Latin1.GetBytes(presence.ClientName ?? string.Empty));
        _writer.WriteNumber("members", presence.Members);
        End(writer, protocol);
    }

    private void WriteRange(IBufferWriter<byte> writer, string type, long epoch, long from, long to, RespProtocol protocol)
    {
        Begin(type, epoch);
        _writer.WriteNumber("from", from);
        _writer.WriteNumber("to", to);
        End(writer, protocol);
    }

    private void Begin(string type, long epoch)
    {
        _json.ResetWrittenCount();
        _writer.Reset(_json);
        _writer.WriteStartObject();
        _writer.WriteString("type", type);
        WriteText("room", _room);
        _writer.WriteNumber("epoch", epoch);
    }

    // *3 $7 message $<n> <channel> $<len> <envelope>   (RESP3: >3 ...)
    private void End(IBufferWriter<byte> writer, RespProtocol protocol)
    {
        _writer.WriteEndObject();
        _writer.Flush();
        writer.Write(_heads.For(protocol));
        RespWriter.BulkString(writer, _json.WrittenSpan);
    }

    // Names are bytes: UTF-8 ones are written as that text; any other byte string as its Latin-1 characters.
    private void WriteText(string name, ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            _writer.WriteString(name, bytes);
        }
        else
        {
            _writer.WriteString(name, Encoding.Latin1.GetString(bytes));
        }
    }
}

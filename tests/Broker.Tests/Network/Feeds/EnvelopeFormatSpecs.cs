using System.Buffers;
using System.Text;
using System.Text.Json;
using ActorRooms.Broker.Network.Feeds;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Tests.Network.Feeds;

public sealed class EnvelopeFormatSpecs
{
    private readonly EnvelopeFormat _format = new("room:px"u8.ToArray(), "px"u8.ToArray());

    [Fact]
    public void Should_write_a_message_frame_on_the_channel_whose_payload_is_the_envelope()
    {
        var writer = new ArrayBufferWriter<byte>();

        _format.WriteMessages(writer, 9007199254740991, [new RoomEntry(42, "AAPL", 1764150000123, "{\"p\":1}"u8.ToArray())], RespProtocol.Resp3);

        const string json = "{\"type\":\"msg\",\"room\":\"px\",\"epoch\":9007199254740991,\"seq\":42,\"key\":\"AAPL\",\"time\":1764150000123,\"payload\":\"{\\\"p\\\":1}\"}";
        Assert.Equal($">3\r\n$7\r\nmessage\r\n$7\r\nroom:px\r\n${json.Length}\r\n{json}\r\n", Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void Should_carry_a_payload_that_is_not_utf8_as_base64_when_it_cannot_be_a_json_string()
    {
        var writer = new ArrayBufferWriter<byte>();
        byte[] binary = [0xff, 0x00, 0xc3];

        _format.WriteMessages(writer, 1, [new RoomEntry(1, null, 2, binary)], RespProtocol.Resp2);

        var envelope = Envelope(writer);
        Assert.False(envelope.TryGetProperty("payload", out _));
        Assert.Equal(binary, envelope.GetProperty("payload64").GetBytesFromBase64());
        Assert.Equal(JsonValueKind.Null, envelope.GetProperty("key").ValueKind);
    }

    [Fact]
    public void Should_keep_utf8_text_and_control_characters_exact_when_round_tripped_through_json()
    {
        var writer = new ArrayBufferWriter<byte>();
        var text = "prix 1,5 € \"x\"\n\t\\ ✓";

        _format.WriteMessages(writer, 1, [new RoomEntry(1, "k", 2, Encoding.UTF8.GetBytes(text))], RespProtocol.Resp2);

        Assert.Equal(text, Envelope(writer).GetProperty("payload").GetString());
    }

    [Theory]
    [InlineData("gap", 100, 180)]
    [InlineData("conflated", 100, 180)]
    public void Should_write_the_range_of_a_gap_or_conflation_when_a_policy_kept_the_feed_behind(string type, long from, long to)
    {
        var writer = new ArrayBufferWriter<byte>();

        if (type == "gap")
        {
            _format.WriteGap(writer, 7, from, to, RespProtocol.Resp2);
        }
        else
        {
            _format.WriteConflated(writer, 7, from, to, RespProtocol.Resp2);
        }

        var envelope = Envelope(writer);
        Assert.Equal(type, envelope.GetProperty("type").GetString());
        Assert.Equal(from, envelope.GetProperty("from").GetInt64());
        Assert.Equal(to, envelope.GetProperty("to").GetInt64());
    }

    [Fact]
    public void Should_name_what_is_gone_as_an_inclusive_range_when_a_replay_is_exhausted()
    {
        var writer = new ArrayBufferWriter<byte>();

        _format.WriteExhausted(writer, 7, 10, 25, RespProtocol.Resp2);

        Assert.Equal("{\"type\":\"exhausted\",\"room\":\"px\",\"epoch\":7,\"from\":10,\"to\":24}", Envelope(writer).GetRawText());
    }

    private static JsonElement Envelope(ArrayBufferWriter<byte> writer)
    {
        // *3 $7 message $7 room:px $<n> <json>: the last bulk string.
        var frame = Encoding.UTF8.GetString(writer.WrittenSpan);
        var lines = frame.Split("\r\n");
        return JsonDocument.Parse(lines[6]).RootElement.Clone();
    }
}

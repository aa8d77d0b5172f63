using System.Text;
using System.Text.Json;
using ActorRooms.Clients.Prices;

namespace ActorRooms.Clients.Tests.Prices;

public sealed class PriceMessageFormatSpecs
{
    [Theory]
    [InlineData(2342.0012, "\"price\":2342,")]
    [InlineData(2340.4989, "\"price\":2340.5,")]
    [InlineData(190.123456, "\"price\":190.123,")]
    public void Should_write_no_trailing_zeros_when_the_rounded_price_has_fewer_than_two_decimals(double walked, string expected)
    {
        // docs/protocol.md: six significant digits, never rounded to fewer than two decimals, no trailing zeros.
        var json = Write("GOLD", ActorRooms.Clients.Pump.PriceWalk.Rounded(walked), 1, 2);

        Assert.Contains(expected, json, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_write_a_json_object_with_symbol_price_seq_and_ts_when_formatting()
    {
        var json = Write("AAPL", 190.125, 42, 1764150000123);

        Assert.Equal("""{"symbol":"AAPL","price":190.125,"seq":42,"ts":1764150000123}""", json);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("AAPL", document.RootElement.GetProperty("symbol").GetString());
        Assert.Equal(190.125, document.RootElement.GetProperty("price").GetDouble());
        Assert.Equal(42, document.RootElement.GetProperty("seq").GetInt64());
        Assert.Equal(1764150000123, document.RootElement.GetProperty("ts").GetInt64());
    }

    [Theory]
    [InlineData(1e-7)]
    [InlineData(123456789012.5)]
    [InlineData(1.08512)]
    public void Should_write_valid_json_numbers_when_prices_are_tiny_or_huge(double price)
    {
        using var document = JsonDocument.Parse(Write("X", price, 1, 2));

        Assert.Equal(price, document.RootElement.GetProperty("price").GetDouble());
    }

    [Fact]
    public void Should_read_back_what_it_wrote_when_parsing()
    {
        var json = Write("BTCUSD", 60123.45, 7, 99);

        Assert.True(PriceMessageFormat.TryRead(Encoding.UTF8.GetBytes(json), out var message));

        Assert.Equal(new PriceMessage("BTCUSD", 60123.45, 7, 99), message);
    }

    [Theory]
    [InlineData("""{"price":1.5,"extra":{"a":[1,2]},"symbol":"EURUSD"}""", "EURUSD", 1.5, -1)]
    [InlineData("""  {"symbol":"A\u0042C","price":2,"seq":3}  """, "ABC", 2, 3)]
    public void Should_accept_any_field_order_and_unknown_fields_when_parsing(string json, string symbol, double price, long seq)
    {
        Assert.True(PriceMessageFormat.TryRead(Encoding.UTF8.GetBytes(json.Trim()), out var message));

        Assert.Equal(symbol, message!.Symbol);
        Assert.Equal(price, message.Price);
        Assert.Equal(seq, message.Seq);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{")]
    [InlineData("""{"symbol":"AAPL"}""")]
    [InlineData("""{"price":1}""")]
    [InlineData("""{"symbol":"AAPL","price":"190"}""")]
    [InlineData("""{"symbol":"","price":1}""")]
    [InlineData("""{"symbol":1,"price":1}""")]
    [InlineData("""{"symbol":"AAPL","price":1}garbage""")]
    [InlineData("""{"symbol":"AAPL","price":1,"seq":1.5}""")]
    [InlineData("""{"symbol":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","price":1}""")]
    public void Should_refuse_payloads_that_are_not_price_messages(string payload)
    {
        Assert.False(PriceMessageFormat.TryRead(Encoding.UTF8.GetBytes(payload), out var message));
        Assert.Null(message);
    }

    [Theory]
    [InlineData("""{"symbol":"AAPL","price":190.5,"seq":1,"ts":2}""")]
    [InlineData("""{"symbol":"AAPL","price":-0.5e-3,"seq":-1,"ts":0}""")]
    [InlineData("""{"symbol":"AAPL","price":1E+400,"seq":1,"ts":2}""")]
    [InlineData("""{"symbol":"AAPL","price":1.,"seq":1,"ts":2}""")]
    [InlineData("""{"symbol":"AAPL","price":.5,"seq":1,"ts":2}""")]
    [InlineData("""{"symbol":"AAPL","price":+1,"seq":1,"ts":2}""")]
    [InlineData("""{"symbol":"AAPL","price":01,"seq":1,"ts":2}""")]
    [InlineData("""{"symbol":"AAPL","price":1,"seq":1.0,"ts":2}""")]
    [InlineData("""{"symbol":"AAPL","price":1,"seq":99999999999999999999,"ts":2}""")]
    [InlineData("""{"symbol":"A\"B","price":1,"seq":1,"ts":2}""")]
    [InlineData("""{"symbol":"A\u00e9","price":1,"seq":1,"ts":2}""")]
    [InlineData("""{"symbol":"Aé","price":1,"seq":1,"ts":2}""")]
    [InlineData("""{"symbol":"AAPL","price":1,"seq":1,"ts":2} """)]
    [InlineData("""{"symbol":"AAPL","price":1,"seq":1,"ts":2}}""")]
    [InlineData("""{"symbol":"AAPL","price":1,"seq":1,"ts":2,"x":3}""")]
    public void Should_agree_with_a_general_json_reader_whatever_the_layout(string payload)
    {
        var expected = Reference(payload);

        var ok = PriceMessageFormat.TryRead(Encoding.UTF8.GetBytes(payload), out var message);

        Assert.Equal(expected is not null, ok);
        Assert.Equal(expected, message);
    }

    // What the price message means, by the book: System.Text.Json's document model.
    private static PriceMessage? Reference(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("symbol", out var symbol) || symbol.ValueKind != JsonValueKind.String || symbol.GetString() is not { Length: > 0 } name
                || !root.TryGetProperty("price", out var price) || price.ValueKind != JsonValueKind.Number || !price.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                return null;
            }

            long seq = -1, ts = -1;
            if ((root.TryGetProperty("seq", out var s) && (s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out seq)))
                || (root.TryGetProperty("ts", out var t) && (t.ValueKind != JsonValueKind.Number || !t.TryGetInt64(out ts))))
            {
                return null;
            }

            return new PriceMessage(name, value, seq, ts);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Write(string symbol, double price, long seq, long ts)
    {
        Span<byte> buffer = stackalloc byte[PriceMessageFormat.MaxLength];
        var length = PriceMessageFormat.Write(buffer, PriceMessageFormat.EncodeSymbol(symbol), price, seq, ts);
        return Encoding.UTF8.GetString(buffer[..length]);
    }
}

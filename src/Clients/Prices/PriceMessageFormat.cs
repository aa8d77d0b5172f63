using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ActorRooms.Clients.Prices;

/// <summary>
/// Writes and reads the price message JSON. Writing is hand-rolled into a span (no allocation per message: the pump
/// writes hundreds of thousands per second); reading uses <see cref="Utf8JsonReader"/> and accepts the fields in any
/// order, ignores unknown ones, and refuses anything that is not an object with a string <c>symbol</c> and a numeric
/// <c>price</c>, so other payloads are shown as they are instead of being misread.
/// </summary>
public static partial class PriceMessageFormat
{
    /// <summary>Upper bound of a written message for symbols of up to 32 plain characters.</summary>
    public const int MaxLength = 192;

    /// <summary>The quoted JSON string of a symbol, written once per symbol and reused for every message.</summary>
    public static byte[] EncodeSymbol(string symbol) =>
        Encoding.UTF8.GetBytes("\"" + JsonEncodedText.Encode(symbol).ToString() + "\"");

    /// <summary>
    /// <c>{"symbol":&lt;symbol&gt;,"price":&lt;price&gt;,"seq":&lt;seq&gt;,"ts":&lt;ts&gt;}</c> into <paramref name="destination"/>;
    /// returns the bytes written. <paramref name="quotedSymbol"/> comes from <see cref="EncodeSymbol"/>.
    /// </summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> quotedSymbol, double price, long seq, long timestamp)
    {
        var n = Append(destination, 0, "{\"symbol\":"u8);
        n = Append(destination, n, quotedSymbol);
        n = Append(destination, n, ",\"price\":"u8);
        // Shortest round-trip form of a finite double is a valid JSON number (possibly with an exponent).
        if (!double.IsFinite(price) || !price.TryFormat(destination[n..], out var written, "R", CultureInfo.InvariantCulture))
        {
            throw new ArgumentOutOfRangeException(nameof(price), price, "The price must be finite and fit the buffer.");
        }

        n += written;
        n = Append(destination, n, ",\"seq\":"u8);
        seq.TryFormat(destination[n..], out written, default, CultureInfo.InvariantCulture);
        n += written;
        n = Append(destination, n, ",\"ts\":"u8);
        timestamp.TryFormat(destination[n..], out written, default, CultureInfo.InvariantCulture);
        n += written;
        destination[n++] = (byte)'}';
        return n;
    }

    /// <summary>
    /// Reads a price message; the symbol goes into <paramref name="symbol"/> (32 characters are always enough for
    /// symbols the pump sends; longer ones fail). No allocation on the success path.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, Span<char> symbol, out PriceFields fields)
    {
        fields = default;
        if (payload.IsEmpty || payload[0] != (byte)'{')
        {
            return false;
        }

        // Nearly every payload is exactly what the pump writes: read that layout directly (several times faster
        // than a general JSON reader, which is what lets a reader keep up with a pump at a million a second).
        if (TryReadPumpLayout(payload, symbol, out fields))
        {
            return true;
        }

        var symbolLength = -1;
        var price = double.NaN;
        long seq = -1;
        long timestamp = -1;
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 16 });
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("symbol"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !TryCopyString(ref reader, symbol, out symbolLength))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("price"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out price))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("seq"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out seq))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("ts"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out timestamp))
                    {
                        return false;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // The object must be the whole payload.
            if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0 || reader.Read())
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (symbolLength <= 0 || !double.IsFinite(price))
        {
            return false;
        }

        fields = new PriceFields(symbolLength, price, seq, timestamp);
        return true;
    }

    /// <summary>Reads a price message into a <see cref="PriceMessage"/> (allocates; for tests and tools).</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out PriceMessage? message)
    {
        Span<char> symbol = stackalloc char[64];
        if (TryRead(payload, symbol, out var fields))
        {
            message = new PriceMessage(new string(symbol[..fields.SymbolLength]), fields.Price, fields.Seq, fields.Timestamp);
            return true;
        }

        message = null;
        return false;
    }

    private static bool TryCopyString(ref Utf8JsonReader reader, Span<char> destination, out int length)
    {
        length = 0;
        if (!reader.ValueIsEscaped && reader.ValueSpan.Length > destination.Length)
        {
            // UTF-8 never has fewer bytes than characters: it cannot fit, and no exception is needed to know it.
            return false;
        }

        try
        {
            length = reader.CopyString(destination);
            return true;
        }
        catch (ArgumentException)
        {
            // Longer than the buffer.
            return false;
        }
    }

    private static int Append(Span<byte> destination, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[at..]);
        return at + bytes.Length;
    }
}

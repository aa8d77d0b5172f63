using System.Globalization;
using System.Text;

namespace ActorRooms.Protocol.Resp;

/// <summary>
/// One value a server sent: a reply or a push, possibly nested. A struct so that the common small replies
/// (<c>:N</c> for every PUBLISH) cost no allocation. String data is a slice of the received bytes, which are
/// immutable, so a value may be kept as long as needed.
/// </summary>
public readonly struct RespValue
{
    private static readonly RespValue[] NoItems = [];
    private readonly RespValue[]? _items;

    private RespValue(RespValueType type, ReadOnlyMemory<byte> bytes, long integer, RespValue[]? items, bool isNull)
    {
        Type = type;
        Bytes = bytes;
        Integer = integer;
        _items = items;
        IsNull = isNull;
    }

    /// <summary>The type byte the value came with.</summary>
    public RespValueType Type { get; }

    /// <summary>The text of a line type (<c>+ - , (</c>) or the data of a string type (<c>$ = !</c>).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The value of <c>:</c>, or 1/0 for <c>#t</c>/<c>#f</c>.</summary>
    public long Integer { get; }

    /// <summary><c>$-1</c>, <c>*-1</c> or <c>_</c>.</summary>
    public bool IsNull { get; }

    /// <summary>The elements of an aggregate (a map's are key, value, key, value, ...); empty otherwise.</summary>
    public IReadOnlyList<RespValue> Items => _items ?? NoItems;

    /// <summary>True for arrays, pushes, sets and maps.</summary>
    public bool IsAggregate => Type is RespValueType.Array or RespValueType.Push or RespValueType.Set or RespValueType.Map;

    /// <summary>True for <c>-</c> and <c>!</c>.</summary>
    public bool IsError => Type is RespValueType.Error or RespValueType.BlobError;

    /// <summary>The bytes as UTF-8 text (for a verbatim string, without its <c>txt:</c> format prefix).</summary>
    public string Text => Type == RespValueType.VerbatimString && Bytes.Length >= 4
        ? Encoding.UTF8.GetString(Bytes.Span[4..])
        : Encoding.UTF8.GetString(Bytes.Span);

    internal static RespValue Line(RespValueType type, ReadOnlyMemory<byte> text) => new(type, text, 0, null, false);

    internal static RespValue FromInteger(RespValueType type, long value) => new(type, default, value, null, false);

    internal static RespValue NullOf(RespValueType type) => new(type, default, 0, null, true);

    internal static RespValue Aggregate(RespValueType type, RespValue[] items) => new(type, default, 0, items, false);

    /// <summary>True when this is a string type whose bytes equal <paramref name="text"/> (ASCII, case-sensitive).</summary>
    public bool BytesEqual(ReadOnlySpan<byte> text) => !IsAggregate && !IsNull && Bytes.Span.SequenceEqual(text);

    /// <summary>A redis-cli-like rendering, for logs and test failures.</summary>
    public override string ToString()
    {
        if (IsNull)
        {
            return "(nil)";
        }

        return Type switch
        {
            RespValueType.Integer => "(integer) " + Integer.ToString(CultureInfo.InvariantCulture),
            RespValueType.Boolean => Integer != 0 ? "(true)" : "(false)",
            RespValueType.Error or RespValueType.BlobError => "(error) " + Text,
            RespValueType.Array or RespValueType.Push or RespValueType.Set or RespValueType.Map =>
                Type.ToString().ToLowerInvariant() + "[" + string.Join(", ", Items.Select(i => i.ToString())) + "]",
            _ => "\"" + Text + "\"",
        };
    }
}

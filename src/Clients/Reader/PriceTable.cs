using System.Text;
using ActorRooms.Clients.Prices;
using ActorRooms.Protocol.PubSub;

namespace ActorRooms.Clients.Reader;

/// <summary>
/// The reader's model: symbol → last price, previous price, change and % change since the first price seen, ticks
/// per second over a sliding window, and time of the last tick; plus the overall message rate and the last few
/// payloads that were not prices. Owned by the reader actor; <see cref="Snapshot"/> gives the view an immutable copy.
/// Reading a price allocates nothing once its symbol is known, so the reader keeps up with a fast pump.
/// </summary>
public sealed class PriceTable
{
    /// <summary>Characters of a payload shown for a non-price message.</summary>
    public const int OtherTextLength = 120;

    // Symbols longer than this are not prices as far as the table is concerned (the pump allows 32).
    private const int NameLimit = 64;

    private readonly TimeSpan _window;
    private readonly int _maxSymbols;
    private readonly int _recentCapacity;
    private readonly Dictionary<string, PriceRow> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PriceRow>.AlternateLookup<ReadOnlySpan<char>> _rowsBySpan;
    private readonly HashSet<string> _hidden = new(StringComparer.Ordinal);
    private readonly Queue<OtherMessage> _recentOther = new();
    private readonly RateWindow _overall;

    /// <summary>A table with rates over <paramref name="rateWindow"/>, at most <paramref name="maxSymbols"/> rows, and <paramref name="recentOther"/> non-price payloads kept.</summary>
    public PriceTable(TimeSpan rateWindow, int maxSymbols, int recentOther)
    {
        _window = rateWindow;
        _maxSymbols = maxSymbols;
        _recentCapacity = recentOther;
        _overall = new RateWindow(rateWindow);
        _rowsBySpan = _rows.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Messages seen.</summary>
    public long TotalMessages { get; private set; }

    /// <summary>Messages that were not price messages.</summary>
    public long OtherMessages { get; private set; }

    /// <summary>Takes one message received at <paramref name="now"/>; returns true when it was a price message.</summary>
    public bool Apply(in PubSubMessage message, TimeSpan now)
    {
        TotalMessages++;
        _overall.Add(now);
        Span<char> symbol = stackalloc char[NameLimit];
        if (!PriceMessageFormat.TryRead(message.Payload.Span, symbol, out var fields))
        {
            AddOther(message);
            return false;
        }

        var name = symbol[..fields.SymbolLength];
        if (!_rowsBySpan.TryGetValue(name, out var row))
        {
            if (_rows.Count >= _maxSymbols)
            {
                _hidden.Add(name.ToString());
                return true;
            }

            row = new PriceRow(name.ToString(), fields.Price, _window);
            _rows.Add(row.Symbol, row);
        }

        row.Apply(fields.Price, fields.Seq, now);
        return true;
    }

    /// <summary>An immutable copy for the view, with rates and ages computed at <paramref name="now"/>.</summary>
    public PriceTableSnapshot Snapshot(TimeSpan now)
    {
        var rows = _rows.Values
            .OrderBy(r => r.Symbol, StringComparer.Ordinal)
            .Select(r => new PriceRowSnapshot(
                r.Symbol,
                r.Last,
                r.Previous,
                r.Last - r.Open,
                (r.Last - r.Open) / r.Open * 100,
                r.Rate.PerSecond(now),
                now - r.LastTickAt,
                r.Ticks,
                r.LastSeq))
            .ToArray();
        return new PriceTableSnapshot(rows, _overall.PerSecond(now), TotalMessages, OtherMessages, _hidden.Count, [.. _recentOther]);
    }

    private void AddOther(in PubSubMessage message)
    {
        OtherMessages++;
        if (_recentCapacity == 0)
        {
            return;
        }

        _recentOther.Enqueue(new OtherMessage(Printable(message.Channel.Span, 64), Printable(message.Payload.Span, OtherTextLength)));
        while (_recentOther.Count > _recentCapacity)
        {
            _recentOther.Dequeue();
        }
    }

    /// <summary>UTF-8 text with control characters shown as '·' and cut to <paramref name="max"/> characters.</summary>
    private static string Printable(ReadOnlySpan<byte> bytes, int max)
    {
        var text = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, max * 4)]);
        var builder = new StringBuilder(Math.Min(text.Length, max + 1));
        foreach (var c in text)
        {
            if (builder.Length == max)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? '·' : c);
        }

        return builder.ToString();
    }
}

namespace ActorRooms.Protocol.Resp;

/// <summary>
/// Incremental reader of what a Redis-protocol server sends: replies and pushes, RESP2 and RESP3, nested.
/// Feed it each received chunk with <see cref="Feed"/>, then call <see cref="TryRead"/> until it asks for more.
/// A value may span any number of chunks and a chunk may hold any number of values. Strings that lie whole
/// inside one chunk are slices of it (no copy), so chunks must be immutable; a string cut across chunks is copied
/// once. Lengths and counts are checked against <see cref="RespReplyLimits"/> before anything is allocated for
/// them, and an aggregate's element array grows with the elements that actually arrive. RESP3 attributes
/// (<c>|</c>) are read and dropped: they annotate the value after them and no command we send asks for them.
/// </summary>
public sealed partial class RespReplyReader
{
    private readonly RespReplyLimits _limits;
    private readonly List<Frame> _stack = [];
    private readonly LineCarry _line = new();
    private ReadOnlyMemory<byte> _chunk;
    private int _position;
    private State _state = State.Type;
    private byte _type;
    private long _bulkLength;
    private readonly BulkCarry _bulkCarry = new();
    private ReadOnlyMemory<byte> _bulkData;
    private int _trailerRead;

    /// <summary>Creates a reader that enforces <paramref name="limits"/>.</summary>
    public RespReplyReader(RespReplyLimits limits) => _limits = limits;

    private enum State
    {
        /// <summary>Expecting the type byte of the next value.</summary>
        Type,

        /// <summary>Reading the rest of the value's first line, up to CRLF.</summary>
        Line,

        /// <summary>Reading the data bytes of a <c>$</c>, <c>=</c> or <c>!</c> string.</summary>
        BulkData,

        /// <summary>Checking the CRLF after string data.</summary>
        BulkTrailer,
    }

    /// <summary>Why the stream is garbled, after <see cref="RespReplyReadResult.ProtocolError"/>.</summary>
    public string? Error { get; private set; }

    /// <summary>Gives the reader the next received chunk. Call only after <see cref="TryRead"/> returned <see cref="RespReplyReadResult.NeedMoreData"/>.</summary>
    public void Feed(ReadOnlyMemory<byte> chunk)
    {
        if (_position < _chunk.Length)
        {
            throw new InvalidOperationException("The previous chunk has not been read to its end.");
        }

        _chunk = chunk;
        _position = 0;
    }

    /// <summary>Reads the next complete top-level value.</summary>
    public RespReplyReadResult TryRead(out RespValue value)
    {
        value = default;
        if (Error is not null)
        {
            return RespReplyReadResult.ProtocolError;
        }

        while (true)
        {
            var step = _state switch
            {
                State.Type => ReadType(),
                State.Line => ReadLine(),
                State.BulkData => ReadBulkData(),
                _ => ReadBulkTrailer(),
            };

            switch (step.Kind)
            {
                case StepKind.Continue:
                    continue;
                case StepKind.NeedMore:
                    return RespReplyReadResult.NeedMoreData;
                case StepKind.Failed:
                    return RespReplyReadResult.ProtocolError;
            }

            // A value is complete: add it to the aggregate being read, or hand it out at the top level.
            _state = State.Type;
            if (Complete(step.Value, out value))
            {
                return RespReplyReadResult.Value;
            }
        }
    }

    private Step ReadType()
    {
        if (_position >= _chunk.Length)
        {
            return Step.NeedMore;
        }

        var type = _chunk.Span[_position];
        if ("+-:$*>%~_=,#(!|"u8.IndexOf(type) < 0)
        {
            return Fail($"unexpected type byte {Describe(type)}");
        }

        _type = type;
        _position++;
        _state = State.Line;
        return Step.Continue;
    }

    // <type><text>\r\n — the text is the whole value (+ - : , # ( _) or a length/count ($ = ! * > % ~ |).
    private Step ReadLine()
    {
        if (!TryReadLine(out var line, out var failed))
        {
            return failed ? Step.Failed : Step.NeedMore;
        }

        if (_type is (byte)'$' or (byte)'=' or (byte)'!')
        {
            return StartBulk(line.Span);
        }

        if (_type is (byte)'*' or (byte)'>' or (byte)'%' or (byte)'~' or (byte)'|')
        {
            return StartAggregate(line.Span);
        }

        return RespScalars.TryParse(_type, line, out var scalar, out var invalid) ? Step.Done(scalar) : Fail(invalid!);
    }

    // $<length>\r\n<data>\r\n (also = and !); $-1\r\n is the RESP2 null string.
    private Step StartBulk(ReadOnlySpan<byte> text)
    {
        if (!RedisInteger.TryParse(text, out var length) || length < -1 || (length == -1 && _type != (byte)'$'))
        {
            return Fail("invalid bulk length");
        }

        if (length == -1)
        {
            return Step.Done(RespValue.NullOf(RespValueType.BulkString));
        }

        if (length > _limits.MaxBulkLength)
        {
            return Fail($"bulk length {length} is over the limit of {_limits.MaxBulkLength}");
        }

        _bulkLength = length;
        _state = State.BulkData;
        return Step.Continue;
    }

    private Step ReadBulkData()
    {
        var available = _chunk.Length - _position;
        if (!_bulkCarry.IsStarted && available >= _bulkLength)
        {
            // The whole string is in this chunk: a slice, no copy.
            _bulkData = _chunk.Slice(_position, (int)_bulkLength);
            _position += (int)_bulkLength;
            _trailerRead = 0;
            _state = State.BulkTrailer;
            return Step.Continue;
        }

        if (available == 0)
        {
            return Step.NeedMore;
        }

        // Cut across chunks: copy what has arrived, growing the buffer only as data comes.
        _position += _bulkCarry.Append(_chunk.Span[_position..], _bulkLength);
        if (_bulkCarry.Length < _bulkLength)
        {
            return Step.NeedMore;
        }

        _bulkData = _bulkCarry.Take();
        _trailerRead = 0;
        _state = State.BulkTrailer;
        return Step.Continue;
    }

    // The CRLF after string data, checked byte by byte because it may be cut across chunks.
    private Step ReadBulkTrailer()
    {
        while (_trailerRead < 2)
        {
            if (_position >= _chunk.Length)
            {
                return Step.NeedMore;
            }

            var expected = _trailerRead == 0 ? (byte)'\r' : (byte)'\n';
            if (_chunk.Span[_position] != expected)
            {
                return Fail("string data not followed by CRLF");
            }

            _position++;
            _trailerRead++;
        }

        var type = _type switch
        {
            (byte)'=' => RespValueType.VerbatimString,
            (byte)'!' => RespValueType.BlobError,
            _ => RespValueType.BulkString,
        };
        if (type == RespValueType.VerbatimString && !RespScalars.IsVerbatim(_bulkData.Span))
        {
            return Fail("verbatim string without its format prefix");
        }

        return Step.Done(RespValue.Line(type, _bulkData));
    }

    /// <summary>
    /// Reads a line up to CRLF. A line cut across chunks is carried (bounded by the line limit) and copied once;
    /// a line inside one chunk is a slice of it.
    /// </summary>
    private bool TryReadLine(out ReadOnlyMemory<byte> line, out bool failed)
    {
        failed = false;
        var remaining = _chunk.Span[_position..];
        var newline = remaining.IndexOf((byte)'\n');
        if (newline < 0)
        {
            _line.Append(remaining);
            _position = _chunk.Length;
            line = default;
            if (_line.Length > _limits.MaxLineLength + 1)
            {
                Fail($"line longer than {_limits.MaxLineLength} bytes");
                failed = true;
            }

            return false;
        }

        ReadOnlyMemory<byte> withCr;
        if (_line.Length > 0)
        {
            _line.Append(remaining[..newline]);
            withCr = _line.Span.ToArray();
            _line.Clear();
        }
        else
        {
            withCr = _chunk.Slice(_position, newline);
        }

        _position += newline + 1;
        if (withCr.Length == 0 || withCr.Span[^1] != (byte)'\r')
        {
            line = default;
            Fail("line not ended by CRLF");
            failed = true;
            return false;
        }

        if (withCr.Length - 1 > _limits.MaxLineLength)
        {
            line = default;
            Fail($"line longer than {_limits.MaxLineLength} bytes");
            failed = true;
            return false;
        }

        line = withCr[..^1];
        return true;
    }

    private static string Describe(byte b) => b is >= 0x21 and < 0x7f ? $"'{(char)b}'" : $"0x{b:x2}";

    private Step Fail(string reason)
    {
        Error = "Protocol error: " + reason;
        return Step.Failed;
    }
}

using System.Text;

namespace ActorRooms.Protocol.Resp;

/// <summary>
/// Incremental reader of client requests: RESP multibulk commands and inline commands.
/// Feed it each received chunk with <see cref="Feed"/>, then call <see cref="TryRead"/> until it asks for more data.
/// A command may span any number of chunks and a chunk may hold any number of commands.
/// Arguments that lie whole inside one chunk are slices of that chunk (no copy), so chunks must be immutable,
/// as Akka.IO's received ByteStrings are; an argument cut across chunks is copied once into its own array.
/// Every length is checked against <see cref="RespLimits"/> before anything is allocated for it, and memory held
/// between chunks grows only with bytes actually received.
/// </summary>
public sealed class RespRequestReader
{
    private enum State
    {
        /// <summary>Between commands: the next byte decides multibulk ('*') or inline.</summary>
        Start,

        /// <summary>Reading the rest of a <c>*N\r\n</c> line.</summary>
        MultibulkHeader,

        /// <summary>Reading a <c>$N\r\n</c> line inside a multibulk command.</summary>
        BulkHeader,

        /// <summary>Reading the N data bytes of a bulk argument.</summary>
        BulkData,

        /// <summary>Skipping the two bytes after bulk data (Redis skips them without checking them).</summary>
        BulkTrailer,

        /// <summary>Reading an inline command line up to '\n'.</summary>
        Inline,
    }

    private readonly RespLimits _limits;
    private readonly List<ReadOnlyMemory<byte>> _pendingArguments = [];
    private readonly LineCarry _line = new();
    private ReadOnlyMemory<byte> _chunk;
    private int _position;
    private State _state = State.Start;
    private long _argumentsRemaining;
    private long _bulkLength;
    private int _trailerRemaining;
    private readonly BulkCarry _bulkCarry = new();
    private long _pendingArgumentBytes;

    /// <summary>Creates a reader that enforces <paramref name="limits"/>.</summary>
    public RespRequestReader(RespLimits limits) => _limits = limits;

    /// <summary>
    /// False while the client has not authenticated: multibulk requests are then held to
    /// <see cref="RespLimits.UnauthenticatedMaxArguments"/> arguments and
    /// <see cref="RespLimits.UnauthenticatedMaxBulkLength"/>-byte bulks, with Redis's errors. The connection sets it
    /// when the client authenticates, between two commands; the next header read uses it (one flag test per header).
    /// </summary>
    public bool Authenticated { get; set; } = true;

    /// <summary>The protocol error text (for example <c>Protocol error: invalid bulk length</c>) after <see cref="RespReadResult.ProtocolError"/>.</summary>
    public string? Error { get; private set; }

    /// <summary>
    /// Bytes held from earlier chunks for an unfinished command (for CLIENT LIST's qbuf and for memory checks):
    /// its partial line or partial bulk argument, plus the arguments of it already read.
    /// </summary>
    public long BufferedBytes => _line.Length + _bulkCarry.Length + _pendingArgumentBytes;

    /// <summary>Gives the reader the next received chunk. Call only after <see cref="TryRead"/> returned <see cref="RespReadResult.NeedMoreData"/>.</summary>
    public void Feed(ReadOnlyMemory<byte> chunk)
    {
        if (_position < _chunk.Length)
        {
            throw new InvalidOperationException("The previous chunk has not been read to its end.");
        }

        _chunk = chunk;
        _position = 0;
    }

    /// <summary>
    /// Reads the next complete command into <paramref name="arguments"/> (cleared first). The slices stay valid
    /// as long as the chunks they came from are alive.
    /// </summary>
    public RespReadResult TryRead(List<ReadOnlyMemory<byte>> arguments)
    {
        arguments.Clear();
        if (Error is not null)
        {
            return RespReadResult.ProtocolError;
        }

        while (true)
        {
            var step = _state switch
            {
                State.Start => ReadStart(),
                State.MultibulkHeader => ReadMultibulkHeader(),
                State.BulkHeader => ReadBulkHeader(),
                State.BulkData => ReadBulkData(),
                State.BulkTrailer => ReadBulkTrailer(),
                _ => ReadInline(),
            };

            switch (step)
            {
                case Step.Continue:
                    continue;
                case Step.NeedMore:
                    return RespReadResult.NeedMoreData;
                case Step.Failed:
                    return RespReadResult.ProtocolError;
                default:
                    arguments.AddRange(_pendingArguments);
                    _pendingArguments.Clear();
                    _pendingArgumentBytes = 0;
                    _state = State.Start;
                    return RespReadResult.Command;
            }
        }
    }

    private enum Step
    {
        Continue,
        NeedMore,
        Failed,
        Complete,
    }

    private ReadOnlySpan<byte> Remaining => _chunk.Span[_position..];

    private Step ReadStart()
    {
        if (_position >= _chunk.Length)
        {
            return Step.NeedMore;
        }

        if (_chunk.Span[_position] == (byte)'*')
        {
            _position++;
            _state = State.MultibulkHeader;
        }
        else
        {
            _state = State.Inline;
        }

        return Step.Continue;
    }

    // *<count>\r\n  — count <= 0 is an empty command and is skipped, as Redis does for *0 and *-1.
    private Step ReadMultibulkHeader()
    {
        if (!TryReadHeaderLine(out var line))
        {
            // Redis counts the '*' too: it measures the unread bytes from the start of the header.
            return HeaderLineTooLong(prefixLength: 1) ? Fail("too big mbulk count string") : Step.NeedMore;
        }

        if (!RedisInteger.TryParse(line, out var count) || count > _limits.MaxArguments)
        {
            return Fail("invalid multibulk length");
        }

        if (!Authenticated && count > RespLimits.UnauthenticatedMaxArguments)
        {
            return Fail("unauthenticated multibulk length");
        }

        if (count <= 0)
        {
            _state = State.Start;
            return Step.Continue;
        }

        _argumentsRemaining = count;
        _state = State.BulkHeader;
        return Step.Continue;
    }

    // $<length>\r\n
    private Step ReadBulkHeader()
    {
        if (_argumentsRemaining == 0)
        {
            return Step.Complete;
        }

        if (!TryReadHeaderLine(out var line))
        {
            return HeaderLineTooLong(prefixLength: 0) ? Fail("too big bulk count string") : Step.NeedMore;
        }

        // Like Redis, look at the first byte only once the whole line is in: a long line without '\r' is
        // "too big bulk count string" whatever it starts with. An empty line shows its '\r' (sent as a space).
        if (line.IsEmpty || line[0] != (byte)'$')
        {
            return Fail($"expected '$', got '{(line.IsEmpty ? '\r' : (char)line[0])}'");
        }

        if (!RedisInteger.TryParse(line[1..], out var length) || length < 0 || length > _limits.MaxBulkLength)
        {
            return Fail("invalid bulk length");
        }

        if (!Authenticated && length > RespLimits.UnauthenticatedMaxBulkLength)
        {
            return Fail("unauthenticated bulk length");
        }

        _bulkLength = length;
        _state = State.BulkData;
        return Step.Continue;
    }

    // <length bytes of data>
    private Step ReadBulkData()
    {
        var available = _chunk.Length - _position;
        if (!_bulkCarry.IsStarted && available >= _bulkLength)
        {
            // The whole argument is in this chunk: hand out a slice, no copy.
            _pendingArguments.Add(_chunk.Slice(_position, (int)_bulkLength));
            _pendingArgumentBytes += _bulkLength;
            _position += (int)_bulkLength;
            return FinishArgument();
        }

        if (available == 0)
        {
            // No byte of the argument is here yet (the chunk ended right after its header): wait without
            // starting a copy, so that an argument then lying whole in the next chunk is still a slice of it.
            return Step.NeedMore;
        }

        // The argument is cut across chunks: copy what has arrived, growing the buffer only as data comes.
        _position += _bulkCarry.Append(_chunk.Span[_position..], _bulkLength);
        if (_bulkCarry.Length < _bulkLength)
        {
            return Step.NeedMore;
        }

        var argument = _bulkCarry.Take();
        _pendingArguments.Add(argument);
        _pendingArgumentBytes += argument.Length;
        return FinishArgument();
    }

    private Step FinishArgument()
    {
        _argumentsRemaining--;
        _trailerRemaining = 2;
        _state = State.BulkTrailer;
        return Step.Continue;
    }

    private Step ReadBulkTrailer()
    {
        var take = Math.Min(_trailerRemaining, _chunk.Length - _position);
        _position += take;
        _trailerRemaining -= take;
        if (_trailerRemaining > 0)
        {
            return Step.NeedMore;
        }

        _state = State.BulkHeader;
        return Step.Continue;
    }

    // <text>\n or <text>\r\n — split with sdssplitargs rules; an empty line is skipped. max-inline-length counts
    // the text without its line ending, whichever ending it has. The argument limits of a multibulk command
    // (max-arguments, and before AUTH 10 arguments of at most 16384 bytes) hold for an inline one too.
    private Step ReadInline()
    {
        var newline = Remaining.IndexOf((byte)'\n');
        if (newline < 0)
        {
            _line.Append(Remaining);
            _position = _chunk.Length;
            // A last byte '\r' may be the start of the line ending: it is not counted until its '\n' says so.
            var text = _line.Length - (_line.Length > 0 && _line.Span[^1] == (byte)'\r' ? 1 : 0);
            return text > _limits.MaxInlineLength ? Fail("too big inline request") : Step.NeedMore;
        }

        ReadOnlySpan<byte> line;
        if (_line.Length > 0)
        {
            _line.Append(Remaining[..newline]);
            line = _line.Span;
        }
        else
        {
            line = Remaining[..newline];
        }

        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (line.Length > _limits.MaxInlineLength)
        {
            return Fail("too big inline request");
        }

        var balanced = InlineCommandSplitter.TrySplit(line, _pendingArguments);
        _line.Clear();
        _position += newline + 1;
        if (!balanced)
        {
            _pendingArguments.Clear();
            return Fail("unbalanced quotes in request");
        }

        if (_limits.InlineArgumentsProblem(_pendingArguments, Authenticated) is { } problem)
        {
            _pendingArguments.Clear();
            return Fail(problem);
        }

        if (_pendingArguments.Count == 0)
        {
            _state = State.Start;
            return Step.Continue;
        }

        return Step.Complete;
    }

    /// <summary>
    /// Reads a header line up to '\r' and skips the byte after it (Redis looks for '\r' and skips two bytes).
    /// A line cut across chunks is carried; the carried part can hold a '\r' only as its last byte.
    /// The returned span is valid until the next call that appends to the carry.
    /// </summary>
    private bool TryReadHeaderLine(out ReadOnlySpan<byte> line)
    {
        var remaining = Remaining;
        if (_line.Length > 0 && _line.Span[^1] == (byte)'\r')
        {
            if (remaining.IsEmpty)
            {
                line = default;
                return false;
            }

            _position++;
            line = _line.Span[..^1];
            _line.Clear();
            return true;
        }

        var cr = remaining.IndexOf((byte)'\r');
        if (cr < 0 || cr + 1 >= remaining.Length)
        {
            _line.Append(remaining);
            _position = _chunk.Length;
            line = default;
            return false;
        }

        _position += cr + 2;
        if (_line.Length == 0)
        {
            line = remaining[..cr];
            return true;
        }

        _line.Append(remaining[..cr]);
        line = _line.Span;
        _line.Clear();
        return true;
    }

    /// <summary>
    /// Redis's "too big ... count string" rule for an unfinished header line: no '\r' has arrived yet and the
    /// unread bytes from the header's first byte (<paramref name="prefixLength"/> of them already consumed)
    /// exceed the limit. A line whose last received byte is '\r' only waits for its '\n'.
    /// </summary>
    private bool HeaderLineTooLong(int prefixLength) =>
        _line.Length + prefixLength > _limits.MaxInlineLength && (_line.Length == 0 || _line.Span[^1] != (byte)'\r');

    private Step Fail(string reason)
    {
        Error = "Protocol error: " + Sanitize(reason);
        return Step.Failed;
    }

    // Error replies are single lines: Redis turns \r and \n in error texts into spaces.
    private static string Sanitize(string text) =>
        text.Contains('\r') || text.Contains('\n') ? new StringBuilder(text).Replace('\r', ' ').Replace('\n', ' ').ToString() : text;
}

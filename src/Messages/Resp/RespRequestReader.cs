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
public sealed partial class RespRequestReader
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

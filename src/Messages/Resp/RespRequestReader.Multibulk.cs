namespace ActorRooms.Protocol.Resp;

// The multibulk form of a request: *<count>, then each argument as $<length> and its bytes.
public sealed partial class RespRequestReader
{
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
}

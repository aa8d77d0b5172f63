namespace ActorRooms.Protocol.Resp;

// The inline form of a request: one line of text split into arguments, as redis-cli and telnet send it.
public sealed partial class RespRequestReader
{
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
}

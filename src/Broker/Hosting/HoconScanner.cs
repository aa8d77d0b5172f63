namespace ActorRooms.Broker.Hosting;

/// <summary>
/// The lexical side of <see cref="HoconSyntaxCheck"/>: a position in HOCON text and its line number, and the tokens
/// the grammar steps over whole (blanks and comments, quoted and triple-quoted strings, substitutions, unquoted
/// text). Every step consumes input, so a walk over the text always ends.
/// </summary>
internal sealed class HoconScanner(string text)
{
    private readonly string _text = text;
    private int _at;

    /// <summary>The line of the current position, from 1, for the "line N:" of a problem.</summary>
    public int Line { get; private set; } = 1;

    /// <summary>The index of the current position in the text.</summary>
    public int Position => _at;

    /// <summary>Whether the whole text has been read.</summary>
    public bool AtEnd => _at >= _text.Length;

    /// <summary>Moves past <paramref name="count"/> characters of one line.</summary>
    public void Skip(int count = 1) => _at += count;

    /// <summary>The text from <paramref name="start"/> to the current position.</summary>
    public string TextFrom(int start) => _text[start.._at];

    // quoted-string := '"' { char | '\' char } '"' on one line  |  '"""' anything '"""'
    public void SkipQuotedString()
    {
        var line = Line;
        if (string.CompareOrdinal(_text, _at, "\"\"\"", 0, 3) == 0)
        {
            var end = _text.IndexOf("\"\"\"", _at + 3, StringComparison.Ordinal);
            if (end < 0)
            {
                throw Problem($"the \"\"\" string opened at line {line} is never closed");
            }

            Advance(end + 3);
            while (Peek() == '"')
            {
                _at++;
            }

            return;
        }

        _at++;
        while (_at < _text.Length)
        {
            var c = _text[_at];
            if (c == '\n')
            {
                break;
            }

            _at += c == '\\' ? 2 : 1;
            if (c == '"')
            {
                return;
            }
        }

        _at = Math.Min(_at, _text.Length);
        throw new HoconSyntaxProblem($"line {line}: a string is not closed (a '\"' is missing)");
    }

    // substitution := '${' [ '?' ] path '}'
    public void SkipSubstitution()
    {
        if (PeekAt(1) != '{')
        {
            throw Problem("'$' must start a substitution ${path}");
        }

        var end = _text.IndexOfAny(['}', '\n'], _at);
        if (end < 0 || _text[end] != '}')
        {
            throw Problem("a substitution ${...} is not closed (a '}' is missing)");
        }

        _at = end + 1;
    }

    public void SkipBlank(bool newLines)
    {
        while (_at < _text.Length)
        {
            var c = _text[_at];
            if (c == '#' || (c == '/' && PeekAt(1) == '/'))
            {
                var end = _text.IndexOf('\n', _at);
                _at = end < 0 ? _text.Length : end;
            }
            else if (c == '\n' && newLines)
            {
                _at++;
                Line++;
            }
            else if (c is ' ' or '\t' or '\r' or '\uFEFF' || (c != '\n' && char.IsWhiteSpace(c)))
            {
                _at++;
            }
            else
            {
                return;
            }
        }
    }

    // Moves to index, counting the new lines passed (triple-quoted strings span lines).
    private void Advance(int index)
    {
        for (; _at < index; _at++)
        {
            if (_text[_at] == '\n')
            {
                Line++;
            }
        }
    }

    // HOCON forbids more characters in unquoted text; Akka's parser takes them, so only the ones that change the
    // structure end it here.
    public bool IsUnquoted(char c) =>
        !char.IsWhiteSpace(c) && c is not ('"' or '{' or '}' or '[' or ']' or ':' or '=' or ',' or '#' or '$')
        && !(c == '/' && PeekAt(1) == '/') && !(c == '+' && PeekAt(1) == '=');

    public char Peek() => _at < _text.Length ? _text[_at] : '\0';

    public char PeekAt(int offset) => _at + offset < _text.Length ? _text[_at + offset] : '\0';

    public HoconSyntaxProblem Problem(string what) => new($"line {Line}: {what}");
}


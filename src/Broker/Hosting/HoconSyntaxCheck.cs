namespace ActorRooms.Broker.Hosting;

/// <summary>
/// Checks the shape of HOCON text before Akka's parser sees it, and names the line of the first problem.
/// </summary>
/// <remarks>
/// Akka's built-in parser (Akka.Configuration.Hocon.Parser, Akka 1.5) is lenient in ways that hurt a broker: its
/// <c>ParseArray</c> loops while the next token is not <c>]</c>, and a token that is not a value (the <c>=</c> of a
/// following key, when a <c>[</c> is never closed) is never consumed, so it adds empty elements until memory runs
/// out; and an unclosed <c>{</c>, an unterminated string, a stray <c>}</c> or plain garbage parse without an error,
/// silently dropping settings. This check walks the text once (every step consumes input, so it always ends) with
/// the grammar a config file needs: fields <c>key = value</c>, <c>key : value</c>, <c>key += value</c> or
/// <c>key { ... }</c>, separated by new lines or commas; values made of strings, unquoted text, substitutions,
/// objects and lists. Anything else is refused here, so the parser only ever sees text it handles.
/// </remarks>
public sealed class HoconSyntaxCheck
{
    private readonly string _text;
    private int _at;
    private int _line = 1;

    private HoconSyntaxCheck(string text) => _text = text;

    /// <summary>The first problem in <paramref name="text"/> ("line N: ..."), or null when its shape is sound.</summary>
    public static string? FindProblem(string text)
    {
        var check = new HoconSyntaxCheck(text);
        try
        {
            check.Root();
            return null;
        }
        catch (SyntaxProblem problem)
        {
            return problem.Message;
        }
    }

    private void Root()
    {
        SkipBlank(newLines: true);
        if (Peek() == '{')
        {
            var line = _line;
            _at++;
            ObjectBody(line);
            SkipBlank(newLines: true);
        }
        else
        {
            ObjectBody(openedAt: null);
        }

        if (_at < _text.Length)
        {
            throw Problem($"unexpected '{Peek()}' after the end of the configuration");
        }
    }

    // object-body := { new-line | ',' | field } ( '}' when opened | end of text )
    private void ObjectBody(int? openedAt)
    {
        while (true)
        {
            SkipBlank(newLines: true);
            while (Peek() == ',')
            {
                _at++;
                SkipBlank(newLines: true);
            }

            switch (Peek())
            {
                case '\0' when _at >= _text.Length:
                    if (openedAt is { } line)
                    {
                        throw Problem($"the '{{' opened at line {line} is never closed (a '}}' is missing)");
                    }

                    return;
                case '}':
                    if (openedAt is null)
                    {
                        throw Problem("'}' closes nothing (a stray '}', or a '{' is missing)");
                    }

                    _at++;
                    return;
                case ']':
                    throw Problem(openedAt is { } opened ? $"']' closes nothing inside the '{{' opened at line {opened}" : "']' closes nothing");
                default:
                    Field();
                    break;
            }
        }
    }

    // field := key ( ( '=' | ':' | '+=' ) value | '{' object-body ) ; then a new line, ',', '}' or the end
    private void Field()
    {
        var key = Key();
        SkipBlank(newLines: false);
        if (key == "include" && Peek() is '"' or 'r' or 'f' or 'u' or 'c')
        {
            // include "file" / include required(...): left to the parser, which resolves or refuses it.
            ValueParts(context: "include");
        }
        else if (Peek() == '{')
        {
            var line = _line;
            _at++;
            ObjectBody(line);
        }
        else if (Peek() is '=' or ':' || (Peek() == '+' && PeekAt(1) == '='))
        {
            _at += Peek() == '+' ? 2 : 1;
            SkipBlank(newLines: false);
            ValueParts(context: $"'{key}'");
        }
        else
        {
            throw Problem(_at >= _text.Length || Peek() == '\n'
                ? $"'{key}' has no value (expected '=', ':' or '{{' after it)"
                : $"unexpected '{Peek()}' after '{key}' (expected '=', ':' or '{{')");
        }

        SkipBlank(newLines: false);
        if (!(_at >= _text.Length || Peek() is '\n' or ',' or '}'))
        {
            throw Problem($"unexpected '{Peek()}' after the value of '{key}' (expected a new line or ',')");
        }
    }

    // key := ( unquoted-text | quoted-string ) joined by '.' and spaces, on one line
    private string Key()
    {
        var start = _at;
        while (_at < _text.Length)
        {
            var c = Peek();
            if (c == '"')
            {
                QuotedString();
            }
            else if (c is ' ' or '\t' || IsUnquoted(c))
            {
                _at++;
            }
            else
            {
                break;
            }
        }

        var key = _text[start.._at].Trim();
        return key.Length > 0 ? key : throw Problem(_at >= _text.Length ? "a key is missing" : $"unexpected '{Peek()}' where a key should be");
    }

    // value := ( unquoted-text | quoted-string | substitution | '{' object-body | '[' list )+ on one line
    // (an object or a list may span lines)
    private void ValueParts(string context, bool inList = false)
    {
        var parts = 0;
        while (true)
        {
            SkipBlank(newLines: false);
            var c = Peek();
            if (_at >= _text.Length || c is '\n' or ',' or '}' or ']')
            {
                if (parts == 0)
                {
                    throw Problem(inList ? $"an empty value in {context}" : $"{context} has no value after its '=' or ':'");
                }

                return;
            }

            switch (c)
            {
                case '"':
                    QuotedString();
                    break;
                case '$':
                    Substitution();
                    break;
                case '{':
                {
                    var line = _line;
                    _at++;
                    ObjectBody(line);
                    break;
                }

                case '[':
                {
                    var line = _line;
                    _at++;
                    List(line);
                    break;
                }

                case '=' or ':':
                    throw Problem(inList
                        ? $"unexpected '{c}' in {context} (a ']' is missing?)"
                        : $"unexpected '{c}' in the value of {context} (a new line or ',' missing before the next key? quote a value that holds '{c}')");
                default:
                    if (!IsUnquoted(c))
                    {
                        throw Problem($"unexpected '{c}' in the value of {context}");
                    }

                    while (_at < _text.Length && IsUnquoted(Peek()))
                    {
                        _at++;
                    }

                    break;
            }

            parts++;
        }
    }

    // list := '[' { new-line | ',' | value } ']'
    private void List(int openedAt)
    {
        while (true)
        {
            SkipBlank(newLines: true);
            while (Peek() == ',')
            {
                _at++;
                SkipBlank(newLines: true);
            }

            if (_at >= _text.Length)
            {
                throw Problem($"the '[' opened at line {openedAt} is never closed (a ']' is missing)");
            }

            switch (Peek())
            {
                case ']':
                    _at++;
                    return;
                case '}':
                    throw Problem($"'}}' inside the list opened at line {openedAt} (a ']' is missing)");
                case '=' or ':':
                    throw Problem($"unexpected '{Peek()}' inside the list opened at line {openedAt} (a ']' is missing?)");
                default:
                    ValueParts($"the list opened at line {openedAt}", inList: true);
                    break;
            }
        }
    }

    // quoted-string := '"' { char | '\' char } '"' on one line  |  '"""' anything '"""'
    private void QuotedString()
    {
        var line = _line;
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
        throw new SyntaxProblem($"line {line}: a string is not closed (a '\"' is missing)");
    }

    // substitution := '${' [ '?' ] path '}'
    private void Substitution()
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

    private void SkipBlank(bool newLines)
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
                _line++;
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
                _line++;
            }
        }
    }

    // HOCON forbids more characters in unquoted text; Akka's parser takes them, so only the ones that change the
    // structure end it here.
    private bool IsUnquoted(char c) =>
        !char.IsWhiteSpace(c) && c is not ('"' or '{' or '}' or '[' or ']' or ':' or '=' or ',' or '#' or '$')
        && !(c == '/' && PeekAt(1) == '/') && !(c == '+' && PeekAt(1) == '=');

    private char Peek() => _at < _text.Length ? _text[_at] : '\0';

    private char PeekAt(int offset) => _at + offset < _text.Length ? _text[_at + offset] : '\0';

    private SyntaxProblem Problem(string what) => new($"line {_line}: {what}");

    private sealed class SyntaxProblem(string message) : Exception(message);
}

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
    private readonly HoconScanner _scan;

    private HoconSyntaxCheck(string text) => _scan = new HoconScanner(text);

    /// <summary>The first problem in <paramref name="text"/> ("line N: ..."), or null when its shape is sound.</summary>
    public static string? FindProblem(string text)
    {
        var check = new HoconSyntaxCheck(text);
        try
        {
            check.Root();
            return null;
        }
        catch (HoconSyntaxProblem problem)
        {
            return problem.Message;
        }
    }

    private void Root()
    {
        _scan.SkipBlank(newLines: true);
        if (_scan.Peek() == '{')
        {
            var line = _scan.Line;
            _scan.Skip();
            ObjectBody(line);
            _scan.SkipBlank(newLines: true);
        }
        else
        {
            ObjectBody(openedAt: null);
        }

        if (!_scan.AtEnd)
        {
            throw _scan.Problem($"unexpected '{_scan.Peek()}' after the end of the configuration");
        }
    }

    // object-body := { new-line | ',' | field } ( '}' when opened | end of text )
    private void ObjectBody(int? openedAt)
    {
        while (true)
        {
            _scan.SkipBlank(newLines: true);
            while (_scan.Peek() == ',')
            {
                _scan.Skip();
                _scan.SkipBlank(newLines: true);
            }

            switch (_scan.Peek())
            {
                case '\0' when _scan.AtEnd:
                    if (openedAt is { } line)
                    {
                        throw _scan.Problem($"the '{{' opened at line {line} is never closed (a '}}' is missing)");
                    }

                    return;
                case '}':
                    if (openedAt is null)
                    {
                        throw _scan.Problem("'}' closes nothing (a stray '}', or a '{' is missing)");
                    }

                    _scan.Skip();
                    return;
                case ']':
                    throw _scan.Problem(openedAt is { } opened ? $"']' closes nothing inside the '{{' opened at line {opened}" : "']' closes nothing");
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
        _scan.SkipBlank(newLines: false);
        if (key == "include" && _scan.Peek() is '"' or 'r' or 'f' or 'u' or 'c')
        {
            // include "file" / include required(...): left to the parser, which resolves or refuses it.
            ValueParts(context: "include");
        }
        else if (_scan.Peek() == '{')
        {
            var line = _scan.Line;
            _scan.Skip();
            ObjectBody(line);
        }
        else if (_scan.Peek() is '=' or ':' || (_scan.Peek() == '+' && _scan.PeekAt(1) == '='))
        {
            _scan.Skip(_scan.Peek() == '+' ? 2 : 1);
            _scan.SkipBlank(newLines: false);
            ValueParts(context: $"'{key}'");
        }
        else
        {
            throw _scan.Problem(_scan.AtEnd || _scan.Peek() == '\n'
                ? $"'{key}' has no value (expected '=', ':' or '{{' after it)"
                : $"unexpected '{_scan.Peek()}' after '{key}' (expected '=', ':' or '{{')");
        }

        _scan.SkipBlank(newLines: false);
        if (!(_scan.AtEnd || _scan.Peek() is '\n' or ',' or '}'))
        {
            throw _scan.Problem($"unexpected '{_scan.Peek()}' after the value of '{key}' (expected a new line or ',')");
        }
    }

    // key := ( unquoted-text | quoted-string ) joined by '.' and spaces, on one line
    private string Key()
    {
        var start = _scan.Position;
        while (!_scan.AtEnd)
        {
            var c = _scan.Peek();
            if (c == '"')
            {
                _scan.SkipQuotedString();
            }
            else if (c is ' ' or '\t' || _scan.IsUnquoted(c))
            {
                _scan.Skip();
            }
            else
            {
                break;
            }
        }

        var key = _scan.TextFrom(start).Trim();
        return key.Length > 0 ? key : throw _scan.Problem(_scan.AtEnd ? "a key is missing" : $"unexpected '{_scan.Peek()}' where a key should be");
    }

    // value := ( unquoted-text | quoted-string | substitution | '{' object-body | '[' list )+ on one line
    // (an object or a list may span lines)
    private void ValueParts(string context, bool inList = false)
    {
        var parts = 0;
        while (true)
        {
            _scan.SkipBlank(newLines: false);
            var c = _scan.Peek();
            if (_scan.AtEnd || c is '\n' or ',' or '}' or ']')
            {
                if (parts == 0)
                {
                    throw _scan.Problem(inList ? $"an empty value in {context}" : $"{context} has no value after its '=' or ':'");
                }

                return;
            }

            switch (c)
            {
                case '"':
                    _scan.SkipQuotedString();
                    break;
                case '$':
                    _scan.SkipSubstitution();
                    break;
                case '{':
                {
                    var line = _scan.Line;
                    _scan.Skip();
                    ObjectBody(line);
                    break;
                }

                case '[':
                {
                    var line = _scan.Line;
                    _scan.Skip();
                    List(line);
                    break;
                }

                case '=' or ':':
                    throw _scan.Problem(inList
                        ? $"unexpected '{c}' in {context} (a ']' is missing?)"
                        : $"unexpected '{c}' in the value of {context} (a new line or ',' missing before the next key? quote a value that holds '{c}')");
                default:
                    if (!_scan.IsUnquoted(c))
                    {
                        throw _scan.Problem($"unexpected '{c}' in the value of {context}");
                    }

                    while (!_scan.AtEnd && _scan.IsUnquoted(_scan.Peek()))
                    {
                        _scan.Skip();
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
            _scan.SkipBlank(newLines: true);
            while (_scan.Peek() == ',')
            {
                _scan.Skip();
                _scan.SkipBlank(newLines: true);
            }

            if (_scan.AtEnd)
            {
                throw _scan.Problem($"the '[' opened at line {openedAt} is never closed (a ']' is missing)");
            }

            switch (_scan.Peek())
            {
                case ']':
                    _scan.Skip();
                    return;
                case '}':
                    throw _scan.Problem($"'}}' inside the list opened at line {openedAt} (a ']' is missing)");
                case '=' or ':':
                    throw _scan.Problem($"unexpected '{_scan.Peek()}' inside the list opened at line {openedAt} (a ']' is missing?)");
                default:
                    ValueParts($"the list opened at line {openedAt}", inList: true);
                    break;
            }
        }
    }
}

namespace ActorRooms.Protocol.PubSub;

/// <summary>
/// Redis's glob matching (<c>stringmatchlen</c> in util.c), byte for byte: <c>*</c> any run of bytes (no segment
/// boundaries), <c>?</c> one byte, <c>[abc]</c>, <c>[^abc]</c>, <c>[a-z]</c> (reversed ranges are swapped),
/// <c>\x</c> escapes; case-sensitive. Channel and pattern names are held as Latin-1 strings, one char per byte.
/// </summary>
public static class GlobPattern
{
    // Redis caps recursion on '*' at this nesting to stop patterns like "a*a*a*...b" from taking exponential time.
    private const int MaxNesting = 1000;

    /// <summary>True when <paramref name="text"/> matches <paramref name="pattern"/>.</summary>
    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        var skipLonger = false;
        return Match(pattern, text, ref skipLonger, 0);
    }

    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text, ref bool skipLonger, int nesting)
    {
        // A pattern that nests too deeply matches nothing, as in Redis.
        if (nesting > MaxNesting)
        {
            return false;
        }

        var p = 0;
        var s = 0;
        while (p < pattern.Length && s < text.Length)
        {
            switch (pattern[p])
            {
                case '*':
                    while (p + 1 < pattern.Length && pattern[p + 1] == '*')
                    {
                        p++;
                    }

                    if (p + 1 == pattern.Length)
                    {
                        return true;
                    }

                    while (s < text.Length)
                    {
                        if (Match(pattern[(p + 1)..], text[s..], ref skipLonger, nesting + 1))
                        {
                            return true;
                        }

                        if (skipLonger)
                        {
                            return false;
                        }

                        s++;
                    }

                    // No suffix of the text matched the rest of the pattern: no longer text can match either.
                    skipLonger = true;
                    return false;
                case '?':
                    s++;
                    break;
                case '[':
                    if (!MatchClass(pattern, ref p, text[s]))
                    {
                        return false;
                    }

                    s++;
                    break;
                case '\\' when p + 1 < pattern.Length:
                    p++;
                    if (pattern[p] != text[s])
                    {
                        return false;
                    }

                    s++;
                    break;
                default:
                    if (pattern[p] != text[s])
                    {
                        return false;
                    }

                    s++;
                    break;
            }

            p++;
            if (s == text.Length)
            {
                while (p < pattern.Length && pattern[p] == '*')
                {
                    p++;
                }

                break;
            }
        }

        return p == pattern.Length && s == text.Length;
    }

    // [...] class at pattern[p] ('['); leaves p on the closing ']' (or the last pattern char if unterminated).
    private static bool MatchClass(ReadOnlySpan<char> pattern, ref int p, char c)
    {
        p++;
        var not = p < pattern.Length && pattern[p] == '^';
        if (not)
        {
            p++;
        }

        var match = false;
        while (true)
        {
            if (p >= pattern.Length)
            {
                // Unterminated class: Redis steps back so the outer p++ lands at the end.
                p--;
                break;
            }

            if (pattern[p] == '\\' && p + 1 < pattern.Length)
            {
                p++;
                if (pattern[p] == c)
                {
                    match = true;
                }
            }
            else if (pattern[p] == ']')
            {
                break;
            }
            else if (p + 2 < pattern.Length && pattern[p + 1] == '-')
            {
                var start = pattern[p];
                var end = pattern[p + 2];
                if (start > end)
                {
                    (start, end) = (end, start);
                }

                p += 2;
                if (c >= start && c <= end)
                {
                    match = true;
                }
            }
            else if (pattern[p] == c)
            {
                match = true;
            }

            p++;
        }

        return not ? !match : match;
    }
}

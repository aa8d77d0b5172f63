namespace ActorRooms.Protocol.Resp;

/// <summary>
/// Splits an inline command line (as typed into telnet) into arguments with Redis's <c>sdssplitargs</c> rules:
/// whitespace separates arguments; "double quotes" allow \n \r \t \b \a \\ \" and \xHH escapes;
/// 'single quotes' allow only \'; a closing quote must be followed by whitespace or the end of the line.
/// </summary>
public static class InlineCommandSplitter
{
    /// <summary>Splits <paramref name="line"/> into fresh byte arrays; false when the quotes are unbalanced.</summary>
    public static bool TrySplit(ReadOnlySpan<byte> line, List<ReadOnlyMemory<byte>> arguments)
    {
        var current = new List<byte>();
        var p = 0;
        while (true)
        {
            while (p < line.Length && IsSpace(line[p]))
            {
                p++;
            }

            if (p >= line.Length)
            {
                return true;
            }

            var inDoubleQuotes = false;
            var inSingleQuotes = false;
            var done = false;
            current.Clear();
            while (!done)
            {
                if (inDoubleQuotes)
                {
                    if (p >= line.Length)
                    {
                        return false;
                    }

                    if (line[p] == (byte)'\\' && p + 3 < line.Length && line[p + 1] == (byte)'x'
                        && IsHexDigit(line[p + 2]) && IsHexDigit(line[p + 3]))
                    {
                        current.Add((byte)((HexValue(line[p + 2]) << 4) | HexValue(line[p + 3])));
                        p += 3;
                    }
                    else if (line[p] == (byte)'\\' && p + 1 < line.Length)
                    {
                        p++;
                        current.Add(line[p] switch
                        {
                            (byte)'n' => (byte)'\n',
                            (byte)'r' => (byte)'\r',
                            (byte)'t' => (byte)'\t',
                            (byte)'b' => (byte)'\b',
                            (byte)'a' => (byte)'\a',
                            var other => other,
                        });
                    }
                    else if (line[p] == (byte)'"')
                    {
                        // The closing quote must be followed by a space or nothing at all.
                        if (p + 1 < line.Length && !IsSpace(line[p + 1]))
                        {
                            return false;
                        }

                        done = true;
                    }
                    else
                    {
                        current.Add(line[p]);
                    }
                }
                else if (inSingleQuotes)
                {
                    if (p >= line.Length)
                    {
                        return false;
                    }

                    if (line[p] == (byte)'\\' && p + 1 < line.Length && line[p + 1] == (byte)'\'')
                    {
                        p++;
                        current.Add((byte)'\'');
                    }
                    else if (line[p] == (byte)'\'')
                    {
                        if (p + 1 < line.Length && !IsSpace(line[p + 1]))
                        {
                            return false;
                        }

                        done = true;
                    }
                    else
                    {
                        current.Add(line[p]);
                    }
                }
                else if (p >= line.Length)
                {
                    done = true;
                }
                else
                {
                    switch (line[p])
                    {
                        case (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0:
                            done = true;
                            break;
                        case (byte)'"':
                            inDoubleQuotes = true;
                            break;
                        case (byte)'\'':
                            inSingleQuotes = true;
                            break;
                        default:
                            current.Add(line[p]);
                            break;
                    }
                }

                if (p < line.Length)
                {
                    p++;
                }
            }

            arguments.Add(current.ToArray());
        }
    }

    // C isspace(): space, \t, \n, \v, \f, \r.
    private static bool IsSpace(byte b) => b == (byte)' ' || (b >= (byte)'\t' && b <= (byte)'\r');

    private static bool IsHexDigit(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => b - 'A' + 10,
    };
}

namespace ActorRooms.EndToEnd.Tests.Readme;

/// <summary>
/// The commands of README.md's code blocks, in order: one per line, without the trailing <c># comment</c>; lines that
/// hold only a comment are left out.
/// </summary>
public static class ReadmeCommands
{
    /// <summary>README.md of the repository this test binary was built from (found by walking up from the binary).</summary>
    public static string ReadmePath
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "README.md");
                if (File.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "ActorRooms.sln")))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException("README.md (beside ActorRooms.sln) was not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Every command of every fenced code block of <paramref name="markdown"/>.</summary>
    public static IReadOnlyList<string> From(string markdown)
    {
        var commands = new List<string>();
        var inBlock = false;
        foreach (var raw in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (raw.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }

            if (inBlock && WithoutComment(raw).Trim() is { Length: > 0 } command)
            {
                commands.Add(command);
            }
        }

        return commands;
    }

    // A '#' after a space and outside quotes starts a shell comment ('px.*' and "..." keep theirs).
    private static string WithoutComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }
        }

        return line;
    }
}

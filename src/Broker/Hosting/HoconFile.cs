using Akka.Configuration;

namespace ActorRooms.Broker.Hosting;

/// <summary>
/// Reads a HOCON file for the broker and the clients, failing with the file's name (and the line, for a malformed
/// file) when it is missing, too large or malformed. A file can never hang the caller: its shape is checked first
/// (<see cref="HoconSyntaxCheck"/>), and Akka's parser then runs on a worker thread for at most
/// <see cref="ParseTimeout"/>.
/// </summary>
public static class HoconFile
{
    /// <summary>Larger files are refused unread: a configuration is a few kilobytes, and the parser is not linear.</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>How long Akka's parser may take on one file; past it the file is refused.</summary>
    public static readonly TimeSpan ParseTimeout = TimeSpan.FromSeconds(5);

    // Parses that overran ParseTimeout and are still running (a thread cannot be stopped from outside). While one
    // runs, further files are refused instead of starting another runaway: the checks above make this unreachable
    // for every malformed shape we know, and it keeps an unknown one from piling up on repeated reloads.
    private static int _overrunning;

    /// <summary>Parses <paramref name="path"/>.</summary>
    /// <exception cref="ConfigurationException">The file does not exist, is too large, or is not valid HOCON.</exception>
    public static Config Parse(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new ConfigurationException($"Configuration file '{path}' does not exist.");
        }

        if (file.Length > MaxBytes)
        {
            throw new ConfigurationException($"Configuration file '{path}' is {file.Length} bytes; at most {MaxBytes} are read.");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"Configuration file '{path}' cannot be read: {e.Message}");
        }

        return ParseText(text, path);
    }

    /// <summary>Parses <paramref name="text"/>, naming <paramref name="source"/> in errors.</summary>
    /// <exception cref="ConfigurationException">The text is not valid HOCON, or its parse overran <see cref="ParseTimeout"/>.</exception>
    public static Config ParseText(string text, string source)
    {
        if (HoconSyntaxCheck.FindProblem(text) is { } problem)
        {
            throw new ConfigurationException($"Configuration file '{source}' is not valid HOCON: {problem}.");
        }

        if (Volatile.Read(ref _overrunning) > 0)
        {
            throw new ConfigurationException($"Configuration file '{source}' not read: an earlier configuration parse overran {ParseTimeout.TotalSeconds:0} s and is still running; restart the program.");
        }

        Config? config = null;
        Exception? failure = null;
        var worker = new Thread(() =>
        {
            try
            {
                config = ConfigurationFactory.ParseString(text);
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "hocon-parse",
        };
        worker.Start();
        if (!worker.Join(ParseTimeout))
        {
            Interlocked.Increment(ref _overrunning);
            _ = Task.Run(() =>
            {
                worker.Join();
                Interlocked.Decrement(ref _overrunning);
            });
            throw new ConfigurationException($"Configuration file '{source}' is not valid HOCON: the parser did not finish within {ParseTimeout.TotalSeconds:0} s.");
        }

        return failure is null
            ? config!
            : throw new ConfigurationException($"Configuration file '{source}' is not valid HOCON: {failure.Message}");
    }
}

using System.Diagnostics;
using System.Threading.Channels;

namespace ActorRooms.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An external command-line program run by a test: either to completion (bounded in time, killed past it) or as a
/// long-running reader whose stdout lines the test takes one by one with a bounded wait. Killed on dispose.
/// </summary>
public sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _errors = [];

    private CliProcess(Process process) => _process = process;

    /// <summary>Runs <paramref name="executable"/> to completion and returns its exit code and output.</summary>
    /// <exception cref="TimeoutException">It did not exit within <paramref name="timeout"/> (it is killed).</exception>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string executable, TimeSpan timeout, params string[] arguments)
    {
        await using var process = Start(executable, arguments);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process._process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Describe(executable, arguments)} did not exit within {timeout}; output so far: {string.Join('\n', process.Drain())}");
        }

        var output = string.Join("", process.Drain().Select(line => line + "\n"));
        return (process._process.ExitCode, output, string.Join('\n', process._errors));
    }

    /// <summary>Starts <paramref name="executable"/>; read its output with <see cref="ReadLineAsync"/>.</summary>
    public static CliProcess Start(string executable, params string[] arguments) => Start(executable, keepInputOpen: false, arguments);

    /// <summary>Starts <paramref name="executable"/>, with its standard input open for <see cref="WriteLineAsync"/> when <paramref name="keepInputOpen"/>.</summary>
    public static CliProcess Start(string executable, bool keepInputOpen, params string[] arguments) =>
        Start(executable, keepInputOpen, new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Start(string, bool, string[])"/>, with <paramref name="environment"/> added to the child's.</summary>
    public static CliProcess Start(string executable, bool keepInputOpen, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var cli = new CliProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        cli._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                cli._lines.Writer.TryComplete();
            }
            else
            {
                cli._lines.Writer.TryWrite(e.Data);
            }
        };
        cli._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (cli._errors)
                {
                    cli._errors.Add(e.Data);
                }
            }
        };
        cli._process.Start();
        if (!keepInputOpen)
        {
            cli._process.StandardInput.Close();
        }

        cli._process.BeginOutputReadLine();
        cli._process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>The next line of standard output.</summary>
    /// <exception cref="TimeoutException">No line came within <paramref name="timeout"/>.</exception>
    /// <exception cref="EndOfStreamException">The program closed its output.</exception>
    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            if (await _lines.Reader.WaitToReadAsync(deadline.Token) && _lines.Reader.TryRead(out var line))
            {
                return line;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No output line within {timeout}; stderr: {string.Join('\n', _errors)}");
        }

        throw new EndOfStreamException($"The program ended its output; stderr: {string.Join('\n', _errors)}");
    }

    /// <summary>
    /// The next line of standard output starting with <paramref name="start"/>, skipping others (a broker's log lines
    /// share its stdout; the program's own lines start with known words). Each line must come within <paramref name="timeout"/>.
    /// </summary>
    public async Task<string> ReadLineStartingAsync(string start, TimeSpan timeout)
    {
        string line;
        do
        {
            line = await ReadLineAsync(timeout);
        }
        while (!line.StartsWith(start, StringComparison.Ordinal));

        return line;
    }

    /// <summary>Writes one line to the program's standard input (started with it kept open).</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The next <paramref name="count"/> lines of standard output.</summary>
    public async Task<IReadOnlyList<string>> ReadLinesAsync(int count, TimeSpan timeout)
    {
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            lines.Add(await ReadLineAsync(timeout));
        }

        return lines;
    }

    /// <summary>What the program has written to standard error so far, one line per line.</summary>
    public string ErrorOutput
    {
        get
        {
            lock (_errors)
            {
                return string.Join('\n', _errors);
            }
        }
    }

    /// <summary>The program's exit code, once <see cref="WaitForExitAsync"/> said it ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The program's process id (to send it a signal).</summary>
    public int Id => _process.Id;

    /// <summary>Waits up to <paramref name="timeout"/> for the program to end on its own; true if it did.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Kills the program at once (SIGKILL on Linux: no shutdown code runs, as when a machine dies).</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already exited, or would not die in time: nothing more a test can do.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string Describe(string executable, string[] arguments) => $"{Path.GetFileName(executable)} {string.Join(' ', arguments)}";

    /// <summary>The output lines not read yet (for a test's diagnostics).</summary>
    public IReadOnlyList<string> TakeOutput() => Drain();

    private List<string> Drain()
    {
        var lines = new List<string>();
        while (_lines.Reader.TryRead(out var line))
        {
            lines.Add(line);
        }

        return lines;
    }
}

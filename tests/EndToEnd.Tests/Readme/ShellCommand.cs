using System.Diagnostics;
using System.Text;

namespace ActorRooms.EndToEnd.Tests.Readme;

/// <summary>
/// A command line run by <c>bash -c</c> in a working folder, as a person pastes it into a shell: its standard output
/// and error collected together, waited on with bounded waits, and killed (with its process group's leader) on dispose.
/// </summary>
public sealed class ShellCommand : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly TaskCompletionSource _endedSource = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _streamsEnded;

    private bool Ended => _endedSource.Task.IsCompleted;

    private ShellCommand(Process process) => _process = process;

    /// <summary>The command as run.</summary>
    public required string Text { get; init; }

    /// <summary>Everything written so far (stdout and stderr, interleaved as they came).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="command"/> in <paramref name="folder"/>; stdin is empty.</summary>
    public static ShellCommand Start(string command, string folder)
    {
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        var shell = new ShellCommand(new Process { StartInfo = start }) { Text = command };
        shell._process.OutputDataReceived += (_, e) => shell.Append(e.Data);
        shell._process.ErrorDataReceived += (_, e) => shell.Append(e.Data);
        shell._process.Start();
        shell._process.StandardInput.Close();
        shell._process.BeginOutputReadLine();
        shell._process.BeginErrorReadLine();
        return shell;
    }

    /// <summary>Waits for the command to end and returns its exit code.</summary>
    /// <exception cref="TimeoutException">It did not end within <paramref name="timeout"/>.</exception>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"'{Text}' did not end within {timeout}; output: {Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits until the output holds <paramref name="text"/>.</summary>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/>, or the command ended first.</exception>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            var left = timeout - deadline.Elapsed;
            // Each new line (or the end of the output) wakes this up; nothing is polled on a timer.
            if (left <= TimeSpan.Zero || Ended || !await _changed.WaitAsync(left))
            {
                if (Output.Contains(text, StringComparison.Ordinal))
                {
                    return;
                }

                throw new TimeoutException($"'{Text}' did not print '{text}' within {timeout} (ended: {Ended}); output: {Output}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or would not die in time: nothing more a test can do.
        }
        finally
        {
            _process.Dispose();
            _changed.Dispose();
        }
    }

    // Called for each line of stdout and stderr; null marks the end of one of them.
    private void Append(string? line)
    {
        if (line is null)
        {
            if (Interlocked.Increment(ref _streamsEnded) == 2)
            {
                _endedSource.TrySetResult();
            }
        }
        else
        {
            lock (_output)
            {
                _output.Append(line).Append('\n');
            }
        }

        _changed.Release();
    }
}

namespace ActorRooms.Clients.Terminal;

/// <summary>
/// Where the clients tell a person what they are doing, away from stdout (which belongs to the reader's raw
/// payloads or its live table): log lines, and one status line that is rewritten in place on a terminal (so a
/// pump reporting every second does not flood it) or written as plain lines when stderr is redirected.
/// While a live view is attached (the reader's table) nothing is written: the view shows the recent lines and
/// the status line itself, because writing under a live display would tear it. The console is one per process,
/// so this is one per process too (<see cref="Shared"/>); tests make their own.
/// </summary>
public sealed class ConsoleStatus
{
    private const int RecentCapacity = 8;
    private readonly Lock _gate = new();
    private readonly TextWriter _error;
    private readonly bool _interactive;
    private readonly Queue<string> _recent = new();
    private int _viewsAttached;
    private string? _statusLine;
    private bool _statusShown;

    /// <summary>Writes to <paramref name="error"/>; <paramref name="interactive"/> = it is a terminal that understands ANSI.</summary>
    public ConsoleStatus(TextWriter error, bool interactive)
    {
        _error = error;
        _interactive = interactive;
    }

    /// <summary>The process's stderr.</summary>
    public static ConsoleStatus Shared { get; } = new(Console.Error, !Console.IsErrorRedirected);

    /// <summary>The last status line set, if any.</summary>
    public string? StatusLine
    {
        get
        {
            lock (_gate)
            {
                return _statusLine;
            }
        }
    }

    /// <summary>One log line.</summary>
    public void Log(string line)
    {
        lock (_gate)
        {
            _recent.Enqueue(line);
            while (_recent.Count > RecentCapacity)
            {
                _recent.Dequeue();
            }

            if (_viewsAttached > 0)
            {
                return;
            }

            ClearShownStatus();
            _error.WriteLine(line);
            ShowStatus();
        }
    }

    /// <summary>Replaces the status line.</summary>
    public void SetStatusLine(string line)
    {
        lock (_gate)
        {
            _statusLine = line;
            if (_viewsAttached > 0)
            {
                return;
            }

            if (_interactive)
            {
                ClearShownStatus();
                ShowStatus();
            }
            else
            {
                _error.WriteLine(line);
            }
        }
    }

    /// <summary>Leaves the status line on screen as an ordinary line (at exit) and forgets it.</summary>
    public void EndStatusLine()
    {
        lock (_gate)
        {
            if (_statusShown)
            {
                _error.WriteLine();
                _statusShown = false;
            }

            _statusLine = null;
        }
    }

    /// <summary>The last few log lines, oldest first.</summary>
    public IReadOnlyList<string> RecentLines()
    {
        lock (_gate)
        {
            return [.. _recent];
        }
    }

    /// <summary>Stops writing until the returned handle is disposed: a live view shows the lines instead.</summary>
    public IDisposable AttachView()
    {
        lock (_gate)
        {
            ClearShownStatus();
            _viewsAttached++;
        }

        return new ViewHandle(this);
    }

    private void DetachView()
    {
        lock (_gate)
        {
            _viewsAttached--;
        }
    }

    private void ClearShownStatus()
    {
        if (_statusShown)
        {
            _error.Write("\r\u001b[2K");
            _statusShown = false;
        }
    }

    private void ShowStatus()
    {
        if (_interactive && _statusLine is not null)
        {
            _error.Write(_statusLine);
            _error.Flush();
            _statusShown = true;
        }
    }

    private sealed class ViewHandle(ConsoleStatus owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.DetachView();
            }
        }
    }
}

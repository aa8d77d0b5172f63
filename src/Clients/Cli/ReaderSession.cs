using ActorRooms.Clients.Hosting;
using ActorRooms.Clients.Reader;
using ActorRooms.Clients.Terminal;
using Akka.Configuration;
using Spectre.Console;

namespace ActorRooms.Clients.Cli;

/// <summary>
/// A reader with its view: raw lines on stdout, or the live table drawn on its own task. Disposing stops the reader
/// first and then draws the table's last frame, which stays on screen.
/// </summary>
public sealed class ReaderSession : IAsyncDisposable
{
    private readonly CancellationTokenSource? _stopView;
    private readonly Task _drawing;

    private ReaderSession(ClientNode node, CancellationTokenSource? stopView, Task drawing)
    {
        Node = node;
        _stopView = stopView;
        _drawing = drawing;
    }

    /// <summary>The reader's actor system.</summary>
    public ClientNode Node { get; }

    /// <summary>Starts the view, then the reader.</summary>
    public static async Task<ReaderSession> StartAsync(Config config, ReaderSettings reader, ConnectionSettings connection, CancellationToken cancellationToken)
    {
        var status = ConsoleStatus.Shared;
        if (reader.View == ReaderView.Raw)
        {
            status.Log($"Reader: {reader.Target} on {connection.Address}; payloads on stdout. Ctrl+C stops.");
            var rawNode = await ClientNode.StartReaderAsync(config, reader, connection, new RawOutput(Console.OpenStandardOutput()), cancellationToken);
            return new ReaderSession(rawNode, null, Task.CompletedTask);
        }

        var board = new LiveTableBoard(new ReaderStatus(reader.Target, connection.Address, "connecting", Joined: false));
        var table = new PriceTable(reader.RateWindow, reader.MaxSymbols, reader.RecentOtherMessages);
        // Into a file or a pipe every frame is appended, not redrawn in place: a frame every few seconds is plenty.
        var refresh = Console.IsOutputRedirected ? TimeSpan.FromSeconds(5) : reader.RefreshInterval;
        var view = new LiveTableView(AnsiConsole.Console, board, status, refresh);
        var stopView = new CancellationTokenSource();
        var drawing = Task.Run(() => view.RunAsync(stopView.Token), CancellationToken.None);
        try
        {
            var node = await ClientNode.StartReaderAsync(config, reader, connection, new TableOutput(table, board), cancellationToken);
            return new ReaderSession(node, stopView, drawing);
        }
        catch
        {
            await stopView.CancelAsync();
            await drawing;
            stopView.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        if (_stopView is not null)
        {
            await _stopView.CancelAsync();
            await _drawing;
            _stopView.Dispose();
        }
    }
}

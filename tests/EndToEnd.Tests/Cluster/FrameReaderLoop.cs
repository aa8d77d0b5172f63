using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// Reads a connection's frames in the background and hands each to a handler, until disposed or until the broker
/// closes the connection (<see cref="Disconnected"/>). Owns the connection.
/// </summary>
public sealed class FrameReaderLoop : IAsyncDisposable
{
    private readonly RespConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FrameReaderLoop(RespConnection connection, Action<byte[]> onFrame)
    {
        _connection = connection;
        _loop = RunAsync(onFrame);
    }

    /// <summary>True once the broker closed the connection (a downed node's clients are disconnected).</summary>
    public bool Disconnected => _loop.IsFaulted && _loop.Exception?.InnerException is IOException or System.Net.Sockets.SocketException;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _connection.DisposeAsync();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or OperationCanceledException or TimeoutException)
        {
            // The loop ends when its socket is closed under it.
        }

        _stop.Dispose();
    }

    private async Task RunAsync(Action<byte[]> onFrame)
    {
        await Task.Yield();
        while (!_stop.IsCancellationRequested)
        {
            byte[] frame;
            try
            {
                frame = await _connection.ReadFrameAsync(TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                continue;
            }

            onFrame(frame);
        }
    }
}

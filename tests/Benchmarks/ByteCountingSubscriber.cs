using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorRooms.Benchmarks;

/// <summary>
/// A lean subscriber for throughput runs: subscribes, reads its confirmation, then only counts bytes
/// (every frame of a run has the same size, so frames = bytes / frame size), or, stalled, never reads at all.
/// </summary>
public sealed class ByteCountingSubscriber : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly int _frameSize;
    private readonly Task _loop;
    private long _bytes;

    private ByteCountingSubscriber(Socket socket, int frameSize, bool stalled)
    {
        _socket = socket;
        _frameSize = frameSize;
        _loop = stalled ? Task.CompletedTask : Task.Run(ReadLoopAsync);
    }

    /// <summary>Whole frames received so far.</summary>
    public long Frames => Volatile.Read(ref _bytes) / _frameSize;

    /// <summary>Subscribes to <paramref name="room"/>; a <paramref name="stalled"/> subscriber never reads after its confirmation.</summary>
    public static async Task<ByteCountingSubscriber> ConnectAsync(int port, string room, int frameSize, bool stalled = false)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"SUBSCRIBE {room}\r\n"), SocketFlags.None);
        var confirmation = new byte[Encoding.ASCII.GetByteCount($"*3\r\n$9\r\nsubscribe\r\n${room.Length}\r\n{room}\r\n:1\r\n")];
        var read = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (read < confirmation.Length)
        {
            var n = await socket.ReceiveAsync(confirmation.AsMemory(read), SocketFlags.None, timeout.Token);
            if (n == 0)
            {
                throw new InvalidOperationException($"The server closed a subscriber of {room} before confirming.");
            }

            read += n;
        }

        return new ByteCountingSubscriber(socket, frameSize, stalled);
    }

    /// <summary>For a stalled subscriber: reads (and drops) everything buffered until the server has closed it; false if it did not within <paramref name="timeout"/>.</summary>
    public async Task<bool> DrainUntilClosedAsync(TimeSpan timeout)
    {
        var buffer = new byte[256 * 1024];
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (await _socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            // Reset by the server: closed as well.
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Close();
        await _loop.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[128 * 1024];
        try
        {
            int n;
            while ((n = await _socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                Interlocked.Add(ref _bytes, n);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed at the end of the run.
        }
    }
}

using System.Net;
using System.Net.Sockets;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Hardening;

/// <summary>
/// A raw loopback socket for hostile clients: unlike <see cref="RespConnection"/> it can half-close, reset
/// (linger 0) and tell a FIN from a reset. Every wait is bounded.
/// </summary>
public sealed class RawSocket : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly MemoryStream _received = new();

    private RawSocket(Socket socket) => _socket = socket;

    /// <summary>This end's address, as the broker's CLIENT LIST shows it.</summary>
    public EndPoint? LocalEndPoint => _socket.LocalEndPoint;

    /// <summary>True once the server closed its side (FIN or reset).</summary>
    public bool PeerClosed { get; private set; }

    /// <summary>True when the connection ended with a reset rather than a FIN (received data may have been lost).</summary>
    public bool WasReset { get; private set; }

    /// <summary>Everything received so far.</summary>
    public byte[] Received => _received.ToArray();

    public static async Task<RawSocket> ConnectAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await socket.ConnectAsync(endpoint, timeout.Token);
            return new RawSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends all of <paramref name="bytes"/>; false when the server had already closed the connection.</summary>
    public async Task<bool> TrySendAsync(ReadOnlyMemory<byte> bytes)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            while (!bytes.IsEmpty)
            {
                bytes = bytes[await _socket.SendAsync(bytes, SocketFlags.None, timeout.Token)..];
            }

            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown)
        {
            WasReset = true;
            return false;
        }
    }

    /// <summary>Reads until <paramref name="frames"/> whole RESP frames have arrived in all, or the timeout passes.</summary>
    public async Task<byte[]> ReadFramesAsync(int frames, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Timeout);
        while (CountFrames(Received) < frames && !PeerClosed && !deadline.IsCancellationRequested)
        {
            await ReceiveOnceAsync(deadline.Token);
        }

        return CountFrames(Received) >= frames
            ? Received
            : throw new TimeoutException($"Received fewer than {frames} frames: {Resp.Show(Received)}");
    }

    /// <summary>Reads until the server closes the connection or the timeout passes.</summary>
    public async Task ReadUntilClosedAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Timeout);
        while (!PeerClosed && !deadline.IsCancellationRequested)
        {
            await ReceiveOnceAsync(deadline.Token);
        }
    }

    /// <summary>Forgets what was received so far (the next reads start afresh).</summary>
    public void ClearReceived() => _received.SetLength(0);

    /// <summary>Sends FIN: the server sees end of input, but can still reply.</summary>
    public void HalfClose() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Closes abruptly: linger 0 makes the close send a reset instead of a FIN.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Number of complete frames at the start of <paramref name="bytes"/>; throws if they are not RESP.</summary>
    public static int CountFrames(ReadOnlySpan<byte> bytes) => SplitFrames(bytes).Frames.Count;

    /// <summary>The complete frames at the start of <paramref name="bytes"/> and the length of an incomplete rest.</summary>
    /// <exception cref="FormatException">The bytes are not RESP.</exception>
    public static (IReadOnlyList<byte[]> Frames, int Remainder) SplitFrames(ReadOnlySpan<byte> bytes)
    {
        var frames = new List<byte[]>();
        while (!bytes.IsEmpty)
        {
            var length = RespFrames.Measure(bytes);
            if (length == 0)
            {
                break;
            }

            frames.Add(bytes[..length].ToArray());
            bytes = bytes[length..];
        }

        return (frames, bytes.Length);
    }

    private async Task ReceiveOnceAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                PeerClosed = true;
                return;
            }

            await _received.WriteAsync(buffer.AsMemory(0, received), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller's deadline passed; it decides what that means.
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            PeerClosed = true;
            WasReset = true;
        }
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorRooms.Soak;

/// <summary>
/// A raw RESP client for the soak: sends commands, and (unless it plays a stalled reader) reads and counts whatever
/// comes back on its own loop, so that the soak measures the broker, not a client library.
/// </summary>
public sealed class SoakClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Task _reader;
    private long _bytesRead;

    private SoakClient(Socket socket, bool read)
    {
        _socket = socket;
        _reader = read ? ReadAsync() : Task.CompletedTask;
    }

    /// <summary>True once the broker closed the connection (or it failed).</summary>
    public bool Closed { get; private set; }

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Connects to <paramref name="port"/>; a stalled reader never reads and has a small receive buffer.</summary>
    public static async Task<SoakClient> ConnectAsync(int port, bool stalled = false)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (stalled)
        {
            socket.ReceiveBufferSize = 4096;
        }

        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return new SoakClient(socket, read: !stalled);
    }

    /// <summary>Encodes one command as a RESP array of bulk strings.</summary>
    public static byte[] Command(params string[] arguments)
    {
        var text = new StringBuilder().Append('*').Append(arguments.Length).Append("\r\n");
        foreach (var argument in arguments)
        {
            text.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public Task SendAsync(params string[] arguments) => SendRawAsync(Command(arguments));

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await _socket.SendAsync(bytes);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Closed = true;
        }
    }

    /// <summary>Closes with a reset (no goodbye), as a crashed client would.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                Interlocked.Add(ref _bytesRead, read);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed under the reader.
        }

        Closed = true;
    }
}

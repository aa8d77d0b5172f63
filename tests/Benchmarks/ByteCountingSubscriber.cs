using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorRooms.Benchmarks.Wire;

namespace ActorRooms.Benchmarks;

/// <summary>
/// A lean subscriber for throughput runs: subscribes, reads its confirmation, then only counts bytes
/// (every frame of a run has the same size, so frames = bytes / frame size), or, stalled, never reads at all.
/// A ROOM.JOIN subscriber counts line ends instead: <c>roommsg</c> frames differ in size (their seq grows) but every
/// one has the same number of lines.
/// </summary>
public sealed class ByteCountingSubscriber : IAsyncDisposable
{
    /// <summary>Lines of a <c>roommsg</c> frame of an unkeyed message whose payload has no line end.</summary>
    public const int RoomMessageLines = 11;

    // Lines of the roomjoined confirmation: *5 $10 roomjoined $n room :epoch :last-seq :count.
    private const int RoomJoinedLines = 8;

    private readonly Stream _connection;
    private readonly int _frameSize;
    private readonly bool _countLines;
    private readonly Task _loop;
    private long _bytes;

    private ByteCountingSubscriber(Stream connection, int frameSize, bool stalled, bool countLines = false)
    {
        _connection = connection;
        _frameSize = frameSize;
        _countLines = countLines;
        _loop = stalled ? Task.CompletedTask : Task.Run(ReadLoopAsync);
    }

    /// <summary>Whole frames received so far.</summary>
    public long Frames => Volatile.Read(ref _bytes) / (_countLines ? RoomMessageLines : _frameSize);

    /// <summary>Joins <paramref name="room"/> with ROOM.JOIN and reads its <c>roomjoined</c> confirmation.</summary>
    public static async Task<ByteCountingSubscriber> JoinRoomAsync(int port, string room)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // ROOM.JOIN needs RESP3: HELLO 3 first; its reply (a map) ends with the empty modules array.
        await socket.SendAsync(Encoding.ASCII.GetBytes("HELLO 3\r\n"), SocketFlags.None);
        var hello = new StringBuilder();
        var buffer = new byte[256];
        while (!hello.ToString().EndsWith("modules\r\n*0\r\n", StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (n == 0)
            {
                throw new InvalidOperationException($"The server closed a room member of {room} before HELLO 3 was answered.");
            }

            hello.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        await socket.SendAsync(Encoding.ASCII.GetBytes($"ROOM.JOIN {room}\r\n"), SocketFlags.None);
        var lines = 0;
        while (lines < RoomJoinedLines)
        {
            // Nothing is published before every subscriber has joined, so only the confirmation arrives here.
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (n == 0)
            {
                throw new InvalidOperationException($"The server closed a room member of {room} before confirming.");
            }

            lines += buffer.AsSpan(0, n).Count((byte)'\n');
        }

        return new ByteCountingSubscriber(new NetworkStream(socket, ownsSocket: true), 1, stalled: false, countLines: true);
    }

    /// <summary>
    /// Subscribes one connection per (port, room) in <paramref name="server"/>'s protocol and transport (TLS or plain),
    /// each confirmed, and starts counting once every connection's protocol chatter is over
    /// (<see cref="IWireProtocol.AnswerFirstKeepaliveAsync"/>). With <paramref name="wire"/> the subscribers speak that
    /// protocol instead, on plain connections (F1-WS: <see cref="WebSocketJsonWire"/> on the HTTP port).
    /// </summary>
    public static async Task<List<ByteCountingSubscriber>> ConnectAllAsync(ServerUnderTest server, IEnumerable<(int Port, string Room)> subscriptions, int frameSize, IWireProtocol? wire = null)
    {
        var connections = new List<Stream>();
        try
        {
            foreach (var (port, room) in subscriptions)
            {
                connections.Add(await server.SubscribedAsync(port, room, wire));
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await (wire ?? server.Wire).AnswerFirstKeepaliveAsync(connections, timeout.Token);
        }
        catch
        {
            connections.ForEach(connection => connection.Dispose());
            throw;
        }

        return [.. connections.Select(connection => new ByteCountingSubscriber(connection, frameSize, stalled: false))];
    }

    /// <summary>A subscriber that never reads after its confirmation (RESP: the back-pressure scenario).</summary>
    public static async Task<ByteCountingSubscriber> ConnectStalledAsync(ServerUnderTest server, int port, string room) =>
        new(await server.SubscribedAsync(port, room), 1, stalled: true);

    /// <summary>For a stalled subscriber: reads (and drops) everything buffered until the server has closed it; false if it did not within <paramref name="timeout"/>.</summary>
    public async Task<bool> DrainUntilClosedAsync(TimeSpan timeout)
    {
        var buffer = new byte[256 * 1024];
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (await _connection.ReadAsync(buffer, deadline.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            // Reset by the server: closed as well.
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _loop.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[128 * 1024];
        try
        {
            int n;
            while ((n = await _connection.ReadAsync(buffer)) > 0)
            {
                Interlocked.Add(ref _bytes, _countLines ? buffer.AsSpan(0, n).Count((byte)'\n') : n);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // Closed at the end of the run.
        }
    }
}

using System.Net.Sockets;
using System.Text;

namespace ActorRooms.Benchmarks.Wire;

/// <summary>The round trips every lean client makes through an <see cref="IWireProtocol"/>: subscribe and be confirmed, ping and be answered.</summary>
public static class WireClient
{
    /// <summary>The wire protocol a server kind speaks: nats-server NATS, the others RESP.</summary>
    public static IWireProtocol For(string serverKind) => serverKind == ServerUnderTest.Nats ? NatsWire.Instance : RespWire.Instance;

    /// <summary>Connects and subscribes to <paramref name="room"/>, reading the confirmation (bounded).</summary>
    public static async Task<Socket> SubscribedAsync(this IWireProtocol wire, int port, string room)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var socket = await wire.ConnectAsync(port, timeout.Token);
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await SubscribeAsync(wire, stream, room, timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// As <see cref="SubscribedAsync(IWireProtocol, int, string)"/>, over the server's transport (TLS or plain):
    /// <see cref="ServerUnderTest.OpenAsync"/>. With <paramref name="wire"/> the subscriber speaks that protocol instead
    /// of the server's, on a plain connection: the WebSocket subscribers (<see cref="WebSocketJsonWire"/>) on the HTTP
    /// port, which has no TLS.
    /// </summary>
    public static async Task<Stream> SubscribedAsync(this ServerUnderTest server, int port, string room, IWireProtocol? wire = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stream = wire is null ? await server.OpenAsync(port, timeout.Token) : new NetworkStream(await wire.ConnectAsync(port, timeout.Token), ownsSocket: true);
        try
        {
            await SubscribeAsync(wire ?? server.Wire, stream, room, timeout.Token);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads exactly <paramref name="bytes"/> bytes; throws if the server closes first.</summary>
    public static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int bytes, string what, CancellationToken cancellation)
    {
        var buffer = new byte[bytes];
        var read = 0;
        while (read < bytes)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellation);
            if (n == 0)
            {
                throw new InvalidOperationException($"The server closed the connection before {what} ({Encoding.ASCII.GetString(buffer, 0, read)}).");
            }

            read += n;
        }

        return buffer;
    }

    private static async Task SubscribeAsync(IWireProtocol wire, Stream stream, string room, CancellationToken cancellation)
    {
        await stream.WriteAsync(wire.Subscribe(room), cancellation);
        var confirmation = new byte[wire.SubscribeConfirmationBytes(room)];
        try
        {
            await stream.ReadExactlyAsync(confirmation, cancellation);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidOperationException($"The server closed the connection before the confirmation of a subscriber of {room}.");
        }
    }
}

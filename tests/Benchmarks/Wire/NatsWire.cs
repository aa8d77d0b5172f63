using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorRooms.Benchmarks.Wire;

/// <summary>
/// NATS's client protocol as nats-server 2.9 speaks it: the server greets with <c>INFO {...}</c>, the client answers
/// CONNECT (not verbose, so no <c>+OK</c> per command). SUB has no confirmation, so a PING follows it and the PONG,
/// answered in order, confirms it. PUB has no reply at all. Every subscriber uses sid 1 (one subscription per
/// connection), so every delivered frame of a room has one size: <c>MSG room 1 n\r\npayload\r\n</c>.
/// </summary>
public sealed class NatsWire : IWireProtocol
{
    public static readonly NatsWire Instance = new();

    private const string Sid = "1";

    private static readonly byte[] Connect = "CONNECT {\"verbose\":false,\"pedantic\":false}\r\n"u8.ToArray();

    public bool RepliesToEachPublish => false;

    public byte[] Ping { get; } = "PING\r\n"u8.ToArray();

    public int PongBytes => "PONG\r\n".Length;

    public async Task<Socket> ConnectAsync(int port, CancellationToken cancellation)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellation);
            await SkipGreetingAsync(socket, cancellation);
            await socket.SendAsync(Connect, SocketFlags.None, cancellation);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The server's keepalive request, and this client's answer.</summary>
    public static ReadOnlySpan<byte> ServerPing => "PING\r\n"u8;

    private static readonly byte[] Pong = "PONG\r\n"u8.ToArray();

    public async Task AnswerFirstKeepaliveAsync(IReadOnlyList<Stream> subscribers, CancellationToken cancellation)
    {
        // One after another: by the time the first has had its PING, most of the others have theirs waiting.
        var ping = new byte[ServerPing.Length];
        foreach (var stream in subscribers)
        {
            await stream.ReadExactlyAsync(ping, cancellation);
            if (!ping.AsSpan().SequenceEqual(ServerPing))
            {
                throw new InvalidOperationException("Expected nats-server's first PING, got: " + Encoding.ASCII.GetString(ping));
            }

            await stream.WriteAsync(Pong, cancellation);
        }
    }

    /// <summary>Answers a server PING seen in a stream this client parses (the latency readers).</summary>
    public static Task AnswerPingAsync(Socket socket) => socket.SendAsync(Pong, SocketFlags.None);

    public byte[] Subscribe(string room) => Encoding.ASCII.GetBytes($"SUB {room} {Sid}\r\nPING\r\n");

    public int SubscribeConfirmationBytes(string room) => PongBytes;

    public string Publish(string room, string payload) => $"PUB {room} {payload.Length}\r\n{payload}\r\n";

    public int FrameHeaderBytes(string room, int payloadBytes) => $"MSG {room} {Sid} {payloadBytes}\r\n".Length;

    // The server sends its INFO line and then nothing until the client speaks, so reading until its CR LF never takes
    // bytes of anything else.
    private static async Task SkipGreetingAsync(Socket socket, CancellationToken cancellation)
    {
        var buffer = new byte[4096];
        var filled = 0;
        while (filled == 0 || buffer[filled - 1] != (byte)'\n')
        {
            if (filled == buffer.Length)
            {
                throw new InvalidOperationException("nats-server's INFO greeting is longer than 4 KiB.");
            }

            var n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellation);
            if (n == 0)
            {
                throw new InvalidOperationException("nats-server closed the connection before its INFO greeting.");
            }

            filled += n;
        }

        if (!buffer.AsSpan(0, filled).StartsWith("INFO "u8))
        {
            throw new InvalidOperationException("nats-server did not greet with INFO: " + Encoding.ASCII.GetString(buffer, 0, filled));
        }
    }
}

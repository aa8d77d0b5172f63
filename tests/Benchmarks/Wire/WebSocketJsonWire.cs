using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorRooms.Benchmarks.Wire;

/// <summary>
/// ActorRooms's <c>/ws</c> (docs/protocol.md, WebSocket) for lean raw-socket subscribers: the HTTP upgrade by hand,
/// then one masked text frame per op and one unmasked text frame per JSON message from the broker. The broker sends
/// every JSON message as one frame of its own, so every delivered frame of a room has one size,
/// <c>header + {"type":"message","room":"R","payload":"…"}</c>, and a subscriber can count bytes as over RESP.
/// Subscribers only: the WebSocket scenarios publish over RESP, so <see cref="Publish"/> and <see cref="Ping"/> are
/// not supported. Frames are masked with the all-zero key (valid, and the bytes stay as written); the broker's
/// keepalive (an empty pong every 30 s) is 2 bytes, far under one frame in a run.
/// </summary>
public sealed class WebSocketJsonWire : IWireProtocol
{
    public static readonly WebSocketJsonWire Instance = new();

    public bool RepliesToEachPublish => false;

    public byte[] Ping => throw new NotSupportedException("The WebSocket scenarios check readiness over RESP.");

    public int PongBytes => throw new NotSupportedException("The WebSocket scenarios check readiness over RESP.");

    public async Task<Socket> ConnectAsync(int port, CancellationToken cancellation)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellation);
            await socket.SendAsync(Encoding.ASCII.GetBytes(
                $"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"), SocketFlags.None, cancellation);
            await ReadUpgradeAsync(socket, cancellation);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public Task AnswerFirstKeepaliveAsync(IReadOnlyList<Stream> subscribers, CancellationToken cancellation) => Task.CompletedTask;

    public byte[] Subscribe(string room) => MaskedTextFrame($$"""{"op":"subscribe","room":"{{room}}"}""");

    public int SubscribeConfirmationBytes(string room) => FrameBytes($$"""{"type":"subscribed","room":"{{room}}","count":1}""".Length);

    public string Publish(string room, string payload) => throw new NotSupportedException("The WebSocket scenarios publish over RESP.");

    /// <summary>The frame header and the JSON up to the payload; after the payload come two bytes, <c>"}</c>.</summary>
    public int FrameHeaderBytes(string room, int payloadBytes)
    {
        var prefix = $"{{\"type\":\"message\",\"room\":\"{room}\",\"payload\":\"".Length;
        return FrameBytes(prefix + payloadBytes + 2) - payloadBytes - 2;
    }

    /// <summary>A whole unmasked frame (server to client) carrying <paramref name="payload"/> bytes: RFC 6455's 2-byte header, plus 2 or 8 bytes of extended length.</summary>
    public static int FrameBytes(int payload) => payload + (payload <= 125 ? 2 : payload <= ushort.MaxValue ? 4 : 10);

    // A final text frame, masked (a client's frames must be) with the zero key, so its payload is the text itself.
    private static byte[] MaskedTextFrame(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        if (payload.Length > 125)
        {
            throw new ArgumentException("The benchmark's ops fit a short frame.", nameof(text));
        }

        return [0x81, (byte)(0x80 | payload.Length), 0, 0, 0, 0, .. payload];
    }

    // The broker sends nothing after its 101 until the client speaks, so reading up to the blank line reads no frame.
    private static async Task ReadUpgradeAsync(Socket socket, CancellationToken cancellation)
    {
        var response = new StringBuilder();
        var buffer = new byte[1024];
        while (!response.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellation);
            if (n == 0)
            {
                throw new InvalidOperationException($"The broker closed the connection during the WebSocket upgrade ({response}).");
            }

            response.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        if (!response.ToString().StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The broker refused the WebSocket upgrade: {response}");
        }
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorRooms.Benchmarks.Wire;

/// <summary>RESP2 as redis-server and ActorRooms speak it: no greeting, SUBSCRIBE confirmed by a push, PUBLISH answered by <c>:n</c>.</summary>
public sealed class RespWire : IWireProtocol
{
    public static readonly RespWire Instance = new();

    public bool RepliesToEachPublish => true;

    public byte[] Ping { get; } = "PING\r\n"u8.ToArray();

    public int PongBytes => "+PONG\r\n".Length;

    public async Task<Socket> ConnectAsync(int port, CancellationToken cancellation)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port, cancellation);
        return socket;
    }

    public Task AnswerFirstKeepaliveAsync(IReadOnlyList<Stream> subscribers, CancellationToken cancellation) => Task.CompletedTask;

    public byte[] Subscribe(string room) => Encoding.ASCII.GetBytes($"SUBSCRIBE {room}\r\n");

    public int SubscribeConfirmationBytes(string room) => $"*3\r\n$9\r\nsubscribe\r\n${room.Length}\r\n{room}\r\n:1\r\n".Length;

    public string Publish(string room, string payload) => $"*3\r\n$7\r\nPUBLISH\r\n${room.Length}\r\n{room}\r\n${payload.Length}\r\n{payload}\r\n";

    public int FrameHeaderBytes(string room, int payloadBytes) => $"*3\r\n$7\r\nmessage\r\n${room.Length}\r\n{room}\r\n${payloadBytes}\r\n".Length;
}

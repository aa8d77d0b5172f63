using System.Buffers;
using System.Net.WebSockets;

namespace ActorRooms.Broker.Web.WebSockets;

/// <summary>What one receive from a WebSocket gave: a whole message, the peer's close, or a message over the size cap.</summary>
public abstract record ReceiveOutcome;

/// <summary>One whole message (text or binary; both are read as JSON), or <see cref="TooBig"/> when it passed the cap.</summary>
public sealed record MessageReceived(byte[] Text, bool TooBig) : ReceiveOutcome;

/// <summary>The peer sent its close frame.</summary>
public sealed record SocketPeerClosed : ReceiveOutcome
{
    public static SocketPeerClosed Instance { get; } = new();
}

/// <summary>Reads one whole WebSocket message, however many frames it comes in, up to a size cap.</summary>
public static class WebSocketReceiver
{
    /// <summary>Receives the next message; past <paramref name="maxBytes"/> it stops reading and reports it too big.</summary>
    public static async Task<ReceiveOutcome> ReceiveAsync(WebSocket socket, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return SocketPeerClosed.Instance;
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > maxBytes)
            {
                return new MessageReceived([], TooBig: true);
            }

            if (result.EndOfMessage)
            {
                return new MessageReceived(buffer.WrittenSpan.ToArray(), TooBig: false);
            }
        }
    }
}

using System.Net.Sockets;

namespace ActorRooms.Benchmarks;

/// <summary>Reads and discards a publisher's replies so its socket never fills.</summary>
public static class Drain
{
    /// <summary>Reads until the server closes the connection or the socket is closed.</summary>
    public static async Task RepliesAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None) > 0)
            {
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The run is over.
        }
    }
}

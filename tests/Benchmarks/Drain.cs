using System.Net.Sockets;

namespace ActorRooms.Benchmarks;

/// <summary>Reads and discards a publisher's replies so its connection never fills.</summary>
public static class Drain
{
    /// <summary>Reads until the server closes the connection or the socket is closed.</summary>
    public static Task RepliesAsync(Socket socket) => RepliesAsync(new NetworkStream(socket, ownsSocket: false));

    /// <summary>Reads until the server closes the connection or the stream (plain or TLS) is closed.</summary>
    public static async Task RepliesAsync(Stream connection)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await connection.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // The run is over.
        }
    }
}

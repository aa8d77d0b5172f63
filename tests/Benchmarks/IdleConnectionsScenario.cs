using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorRooms.Benchmarks;

/// <summary>What one idle-connections run measured.</summary>
public sealed record IdleConnectionsResult(string Server, int Connections, long RssBefore, long RssAfter)
{
    /// <summary>Server memory per idle subscriber.</summary>
    public double BytesPerConnection => (double)(RssAfter - RssBefore) / Connections;
}

/// <summary>
/// C1: N idle subscribers (each subscribed to a room of its own, confirmed), then the server's resident memory
/// growth per connection. Needs a file-descriptor limit above 2N (the benchmark script raises it).
/// </summary>
public sealed class IdleConnectionsScenario(int connections)
{
    public async Task<IdleConnectionsResult> RunAsync(ServerUnderTest server)
    {
        // Let the fresh server settle (JIT, first GCs) before the baseline.
        await Task.Delay(TimeSpan.FromSeconds(2));
        GC.Collect();
        var before = server.Memory.Rss;
        var sockets = new List<Socket>(connections);
        try
        {
            var buffer = new byte[256];
            for (var i = 0; i < connections; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, server.Port);
                await socket.SendAsync(Encoding.ASCII.GetBytes($"SUBSCRIBE idle-{i}\r\n"), SocketFlags.None);
                sockets.Add(socket);
                if (i % 100 == 99)
                {
                    await ConfirmAsync(sockets[^100..], buffer);
                }
            }

            await ConfirmAsync(sockets[(sockets.Count / 100 * 100)..], buffer);
            await Task.Delay(TimeSpan.FromSeconds(3));
            return new IdleConnectionsResult(server.Name, connections, before, server.Memory.Rss);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    // Reads each subscriber's confirmation, so every connection is really accepted and subscribed.
    private static async Task ConfirmAsync(IEnumerable<Socket> sockets, byte[] buffer)
    {
        foreach (var socket in sockets)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0 || buffer[0] != (byte)'*')
            {
                throw new InvalidOperationException("A subscriber was not confirmed: " + Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
    }
}

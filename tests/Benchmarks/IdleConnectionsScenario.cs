using System.Net.Sockets;
using ActorRooms.Benchmarks.Wire;

namespace ActorRooms.Benchmarks;

/// <summary>What one idle-connections run measured.</summary>
public sealed record IdleConnectionsResult(string Server, int Connections, long RssBefore, long RssAfter)
{
    /// <summary>Server memory per idle subscriber.</summary>
    public double BytesPerConnection => (double)(RssAfter - RssBefore) / Connections;
}

/// <summary>
/// C1: N idle subscribers (each subscribed to a room of its own, confirmed, in the server's protocol: RESP, or NATS
/// SUB confirmed by PING/PONG), then the server's resident memory growth per connection. Needs a file-descriptor limit
/// above 2N (the benchmark script raises it). <paramref name="settle"/> is the wait before the baseline (a fresh
/// server's JIT and first GCs) and again before the last reading. With <paramref name="overWebSocket"/> (C1-WS) the
/// subscribers are WebSocket clients of ActorRooms's <c>/ws</c> (<see cref="WebSocketJsonWire"/>, the server started
/// with HTTP).
/// </summary>
public sealed class IdleConnectionsScenario(int connections, TimeSpan? settle = null, bool overWebSocket = false)
{
    private const int Batch = 100;

    public async Task<IdleConnectionsResult> RunAsync(ServerUnderTest server)
    {
        await Task.Delay(settle ?? TimeSpan.FromSeconds(2));
        GC.Collect();
        var before = server.Memory.Rss;
        var wire = overWebSocket ? WebSocketJsonWire.Instance : server.Wire;
        var port = overWebSocket ? server.HttpPort ?? throw new InvalidOperationException($"{server.Name} was started without HTTP.") : server.Port;
        var sockets = new List<Socket>(connections);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            // Connect and subscribe a batch at a time, then read the batch's confirmations, so every connection is
            // really accepted and subscribed without a round trip per connection.
            for (var first = 0; first < connections; first += Batch)
            {
                var batch = new List<(Socket Socket, string Room)>();
                for (var i = first; i < Math.Min(first + Batch, connections); i++)
                {
                    var socket = await wire.ConnectAsync(port, timeout.Token);
                    sockets.Add(socket);
                    var room = $"idle-{i}";
                    await socket.SendAsync(wire.Subscribe(room), SocketFlags.None, timeout.Token);
                    batch.Add((socket, room));
                }

                foreach (var (socket, room) in batch)
                {
                    await WireClient.ReceiveExactlyAsync(socket, wire.SubscribeConfirmationBytes(room), $"the confirmation of {room}", timeout.Token);
                }
            }

            await Task.Delay(settle ?? TimeSpan.FromSeconds(3));
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
}

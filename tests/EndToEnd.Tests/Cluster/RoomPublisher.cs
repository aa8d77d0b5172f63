using System.Globalization;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>Publishes "1", "2", ... to one room, one message per interval, each waiting for its reply.</summary>
public sealed class RoomPublisher : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);
    private readonly RespConnection _connection;
    private Task<int> _loop = Task.FromResult(0);
    private int _published;
    private int _sent;
    private int _disconnected;

    private RoomPublisher(RespConnection connection) => _connection = connection;

    /// <summary>The last sequence number whose PUBLISH was answered.</summary>
    public int Published => Volatile.Read(ref _published);

    /// <summary>True once the node closed the connection (a downed node's clients are disconnected).</summary>
    public bool Disconnected => Volatile.Read(ref _disconnected) == 1;

    /// <summary>The last sequence number sent (answered or not).</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Starts publishing <paramref name="prefix"/>1, <paramref name="prefix"/>2, ... (a prefix marks a second publisher's messages apart from the counters readers check).</summary>
    public static async Task<RoomPublisher> StartAsync(BrokerProcessNode node, string room, TimeSpan interval, CancellationToken stop, string prefix = "")
    {
        var publisher = new RoomPublisher(await RespConnection.ConnectAsync(node.Endpoint));
        publisher._loop = publisher.RunAsync(room, prefix, interval, stop);
        return publisher;
    }

    /// <summary>The last sequence number published, once the loop has stopped.</summary>
    public Task<int> StoppedAsync() => _loop;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _loop;
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task<int> RunAsync(string room, string prefix, TimeSpan interval, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var next = _published + 1;
            Volatile.Write(ref _sent, next);
            try
            {
                await _connection.SendCommandAsync("PUBLISH", room, prefix + next.ToString(CultureInfo.InvariantCulture));
                // While the room's owner is being replaced the reply waits up to the owner-ack timeout.
                await _connection.ReadFrameAsync(ReplyTimeout);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                // The node closed the connection (it was downed): the last message sent has no reply.
                Volatile.Write(ref _disconnected, 1);
                break;
            }

            Volatile.Write(ref _published, next);
            try
            {
                await Task.Delay(interval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return _published;
    }
}

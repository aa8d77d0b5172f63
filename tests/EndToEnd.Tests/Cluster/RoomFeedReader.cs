using System.Collections.Concurrent;
using System.Globalization;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Rooms;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>A ROOM.JOIN member of several rooms on one node, keeping every push it receives per room.</summary>
public sealed class RoomFeedReader : IAsyncDisposable
{
    private readonly RespConnection _connection;
    private readonly ConcurrentDictionary<string, List<RoomPush>> _pushes = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private RoomFeedReader(RespConnection connection) => _connection = connection;

    public static async Task<RoomFeedReader> StartAsync(BrokerProcessNode node, IReadOnlyList<string> rooms)
    {
        var connection = await RespConnection.ConnectAsync(node.Endpoint);
        var reader = new RoomFeedReader(connection);
        foreach (var room in rooms)
        {
            reader._pushes[room] = [];
            await connection.SwitchToResp3Async();
            await connection.SendCommandAsync("ROOM.JOIN", room);
            reader._pushes[room].Add(RoomPush.Parse(await connection.ReadFrameAsync(TimeSpan.FromSeconds(30))));
        }

        reader._loop = reader.RunAsync();
        return reader;
    }

    /// <summary>The payload (a publisher's counter) of the room's last message, 0 before any.</summary>
    public int LastPayload(string room)
    {
        var pushes = _pushes[room];
        lock (pushes)
        {
            var last = pushes.LastOrDefault(p => p.Kind == "roommsg");
            return last is null ? 0 : int.Parse(last.Payload, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Asserts that within an epoch each message has the next seq, and that a new epoch is announced by a
    /// <c>roomreset</c> whose last seq the next message follows. Returns how many resets there were.
    /// </summary>
    public int AssertNoSilentJump(string room)
    {
        List<RoomPush> pushes;
        lock (_pushes[room])
        {
            pushes = [.. _pushes[room]];
        }

        var joined = pushes[0];
        Assert.Equal("roomjoined", joined.Kind);
        var (epoch, seq) = (joined.Epoch, joined.Int(1));
        var resets = 0;
        foreach (var push in pushes.Skip(1))
        {
            switch (push.Kind)
            {
                case "roomreset":
                    (epoch, seq) = (push.Epoch, push.Int(1));
                    resets++;
                    break;
                case "roommsg":
                    Assert.True(
                        push.Epoch == epoch && push.Seq == seq + 1,
                        $"Room {room}: message ({push.Epoch}, {push.Seq}) after ({epoch}, {seq}) with no notice");
                    seq = push.Seq;
                    break;
                default:
                    Assert.Fail($"Room {room}: unexpected {push.Kind}");
                    break;
            }
        }

        return resets;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _connection.DisposeAsync();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or OperationCanceledException or TimeoutException)
        {
            // The loop ends when its socket is closed under it.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            byte[] frame;
            try
            {
                frame = await _connection.ReadFrameAsync(TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                continue;
            }

            var push = RoomPush.Parse(frame);
            var pushes = _pushes[push.Room];
            lock (pushes)
            {
                pushes.Add(push);
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Rooms;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>A ROOM.JOIN member of several rooms on one node, keeping every push it receives per room.</summary>
public sealed class RoomFeedReader : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, List<RoomPush>> _pushes = new();
    private readonly ConcurrentDictionary<string, List<DateTime>> _arrivals = new();
    private FrameReaderLoop? _loop;

    private RoomFeedReader()
    {
    }

    public static async Task<RoomFeedReader> StartAsync(BrokerProcessNode node, IReadOnlyList<string> rooms)
    {
        var connection = await RespConnection.ConnectAsync(node.Endpoint);
        var reader = new RoomFeedReader();
        foreach (var room in rooms)
        {
            reader._pushes[room] = [];
            reader._arrivals[room] = [];
            reader._pushes[room].Add(await RoomPush.JoinAsync(connection, room, TimeSpan.FromSeconds(30)));
            reader._arrivals[room].Add(DateTime.UtcNow);
        }

        reader._loop = new FrameReaderLoop(connection, reader.Record);
        return reader;
    }

    /// <summary>The payload of the room's last message that is a counter (a publisher's "1", "2", ...), 0 before any.</summary>
    public int LastPayload(string room)
    {
        var pushes = _pushes[room];
        lock (pushes)
        {
            return pushes
                .Where(p => p.Kind == "roommsg")
                .Select(p => int.TryParse(p.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var counter) ? counter : 0)
                .LastOrDefault(counter => counter > 0);
        }
    }

    /// <summary>True once the node closed this member's connection (a downed node's clients are disconnected).</summary>
    public bool Disconnected => _loop?.Disconnected ?? false;

    /// <summary>When the first and the last message (or reset) of each epoch of the room arrived, in arrival order.</summary>
    public IReadOnlyList<(long Epoch, DateTime First, DateTime Last)> Epochs(string room)
    {
        var spans = new List<(long Epoch, DateTime First, DateTime Last)>();
        var pushes = _pushes[room];
        lock (pushes)
        {
            for (var i = 0; i < pushes.Count; i++)
            {
                var (epoch, at) = (pushes[i].Epoch, _arrivals[room][i]);
                if (spans.Count > 0 && spans[^1].Epoch == epoch)
                {
                    spans[^1] = (epoch, spans[^1].First, at);
                }
                else
                {
                    spans.Add((epoch, at, at));
                }
            }
        }

        return spans;
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

    public ValueTask DisposeAsync() => _loop?.DisposeAsync() ?? ValueTask.CompletedTask;

    private void Record(byte[] frame)
    {
        var push = RoomPush.Parse(frame);
        var pushes = _pushes[push.Room];
        lock (pushes)
        {
            pushes.Add(push);
            _arrivals[push.Room].Add(DateTime.UtcNow);
        }
    }
}

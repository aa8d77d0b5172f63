using System.Globalization;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Rooms;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// ROOM.JOIN with SNAPSHOT or FROM on two other broker programs in the middle of a keyed flood, with the default
/// history size (1000): each member sees every seq after its join exactly once and in order, and every node has the
/// same (epoch, seq) for the same message — the one the owner gave it in the publisher's order.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class JoinDuringFloodSpecs(ThreeBrokerProcesses cluster)
{
    private const int Messages = 20_000;
    private const int Block = 250;
    private const int Keys = 10;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Should_give_snapshot_and_from_joins_on_other_nodes_every_later_seq_once_with_the_owners_numbering()
    {
        var room = $"flood.{Guid.NewGuid():N}";
        await using var publisherConnection = await RespConnection.ConnectAsync(cluster.Nodes[0].Endpoint);
        var publisher = new KeyedPublisher(publisherConnection, room, Keys);
        var members = new List<(string Name, RespConnection Connection, Task<FeedLog> Log)>();
        try
        {
            while (publisher.Published < Messages)
            {
                await publisher.PublishBatchAsync(Block);
                switch (publisher.Published)
                {
                    case 2_000:
                        members.Add(await JoinAsync("SNAPSHOT on node 2", 1, room, "SNAPSHOT"));
                        members.Add(await JoinAsync("FROM 1 on node 3", 2, room, "FROM", "1"));
                        break;
                    case 7_000:
                        members.Add(await JoinAsync("SNAPSHOT on node 3", 2, room, "SNAPSHOT"));
                        members.Add(await JoinAsync("LAST 300 on node 2", 1, room, "LAST", "300"));
                        break;
                }
            }

            var logs = await Task.WhenAll(members.Select(m => m.Log));
            var epochs = logs.Select(l => l.Joined.Epoch).Distinct().ToList();
            Assert.Single(epochs);
            for (var i = 0; i < logs.Length; i++)
            {
                var log = logs[i];
                var name = members[i].Name;
                var afterJoin = log.Messages.Where(m => m.Seq > log.Joined.Int(1)).Select(m => m.Seq).ToList();
                Assert.True(
                    afterJoin.SequenceEqual(Enumerable.Range((int)log.Joined.Int(1) + 1, Messages - (int)log.Joined.Int(1)).Select(s => (long)s)),
                    $"{name}: after its join at seq {log.Joined.Int(1)} it saw {afterJoin.Count} messages, not each of {log.Joined.Int(1) + 1}..{Messages} once in order");
                Assert.DoesNotContain(log.Notices, n => n.Kind is "roomgap" or "roomreset" or "roomconflated");

                // The owner numbers in the one publisher's order: seq s is the s-th message published.
                Assert.All(log.Messages, m => Assert.Equal(ExpectedPayload(m.Seq), m.Payload));
                Assert.All(log.Messages, m => Assert.Equal(epochs[0], m.Epoch));
            }

            var replay = logs[1];
            var oldest = replay.Notices.Single(n => n.Kind == "roomexhausted").Int(2);
            Assert.Equal(Enumerable.Range((int)oldest, Messages - (int)oldest + 1).Select(s => (long)s), replay.Messages.Select(m => m.Seq));
            Assert.Equal(300, logs[3].Messages.Count(m => m.Seq <= logs[3].Joined.Int(1)));
            foreach (var snapshotLog in new[] { logs[0], logs[2] })
            {
                var snapshot = snapshotLog.Messages.Where(m => m.Seq <= snapshotLog.Joined.Int(1)).ToList();
                Assert.Equal(Keys, snapshot.Count);
                Assert.Equal(Enumerable.Range((int)snapshotLog.Joined.Int(1) - Keys + 1, Keys).Select(s => (long)s), snapshot.Select(m => m.Seq));
            }
        }
        finally
        {
            foreach (var (_, connection, _) in members)
            {
                await connection.DisposeAsync();
            }
        }
    }

    // KeyedPublisher's payloads: keys round-robin, each counting its own messages from 1.
    private static string ExpectedPayload(long seq) => string.Create(CultureInfo.InvariantCulture, $"{KeyedPublisher.Key((int)((seq - 1) % Keys))}:{((seq - 1) / Keys) + 1}");

    private async Task<(string, RespConnection, Task<FeedLog>)> JoinAsync(string name, int node, string room, params string[] options)
    {
        var connection = await RespConnection.ConnectAsync(cluster.Nodes[node].Endpoint);
        await connection.SwitchToResp3Async();
        await connection.SendCommandAsync(["ROOM.JOIN", room, .. options]);
        return (name, connection, ReadUntilLastAsync(connection));
    }

    private static async Task<FeedLog> ReadUntilLastAsync(RespConnection connection)
    {
        var joined = RoomPush.Parse(await connection.ReadFrameAsync(Timeout));
        Assert.Equal("roomjoined", joined.Kind);
        var log = new FeedLog(joined, [], []);
        while (log.Messages.Count == 0 || log.Messages[^1].Seq < Messages)
        {
            var push = RoomPush.Parse(await connection.ReadFrameAsync(Timeout));
            (push.Kind == "roommsg" ? log.Messages : log.Notices).Add(push);
        }

        return log;
    }

    private sealed record FeedLog(RoomPush Joined, List<RoomPush> Messages, List<RoomPush> Notices);
}

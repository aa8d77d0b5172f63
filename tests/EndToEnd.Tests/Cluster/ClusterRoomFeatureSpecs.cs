using System.Globalization;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Rooms;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// Room features hold cluster-wide: the room's owner numbers every message and keeps history and last values, so a
/// ROOM.JOIN on any node gets the owner's snapshot or replay and then the same (epoch, seq) for each message as
/// members on every other node, with no gap even while its subscription is still reaching the other nodes.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterRoomFeatureSpecs(ThreeNodeCluster cluster)
{
    private const int Keys = 5;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_give_members_on_other_nodes_the_owners_snapshot_replay_and_numbering()
    {
        const int before = 50;
        const int after = 300;
        var room = $"cluster.feed.{Guid.NewGuid():N}";
        await using var publisher = await RespConnection.ConnectAsync(cluster.Endpoint(0));
        // Published while nobody is in the room on any node: only the owner holds these.
        await PublishAsync(publisher, room, 0, before);

        await using var snapshotMember = await RespConnection.ConnectAsync(cluster.Endpoint(1));
        await snapshotMember.SwitchToResp3Async();
        await snapshotMember.SendCommandAsync("ROOM.JOIN", room, "SNAPSHOT");
        await using var replayMember = await RespConnection.ConnectAsync(cluster.Endpoint(2));
        await replayMember.SwitchToResp3Async();
        await replayMember.SendCommandAsync("ROOM.JOIN", room, "FROM", "1");
        var joined = RoomPush.Parse(await snapshotMember.ReadFrameAsync(Timeout));
        var snapshot = await ReadUntilAsync(snapshotMember, "roomsnapshot");
        var replayJoined = RoomPush.Parse(await replayMember.ReadFrameAsync(Timeout));
        var replay = await ReadMessagesAsync(replayMember, before);

        // Published right after the joins: the first of these may reach the owner's node before it knows of the
        // new members' nodes; the members' rooms fill such a gap from the owner's history.
        await PublishAsync(publisher, room, before, after);
        var live2 = await ReadMessagesAsync(snapshotMember, after);
        var live3 = await ReadMessagesAsync(replayMember, after);

        Assert.Equal(("roomjoined", (long)before), (joined.Kind, joined.Int(1)));
        Assert.Equal(joined.Epoch, replayJoined.Epoch);
        Assert.Equal(Enumerable.Range(before - Keys, Keys).Select(i => (long)i + 1), snapshot.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(before - Keys, Keys).Select(Payload), snapshot.Select(m => m.Payload));
        Assert.Equal(Enumerable.Range(1, before).Select(i => (long)i), replay.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(before + 1, after).Select(i => (long)i), live2.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(before, after).Select(Payload), live2.Select(m => m.Payload));
        Assert.Equal(live2.Select(m => (m.Epoch, m.Seq, m.Key, m.Payload)), live3.Select(m => (m.Epoch, m.Seq, m.Key, m.Payload)));
        Assert.All(live2, m => Assert.Equal(joined.Epoch, m.Epoch));
    }

    [Fact]
    public async Task Should_answer_room_last_from_the_owner_on_nodes_where_nobody_is_in_the_room()
    {
        var room = $"cluster.last.{Guid.NewGuid():N}";
        await using var publisher = await RespConnection.ConnectAsync(cluster.Endpoint(0));
        await publisher.SendCommandAsync("ROOM.PUBLISH", room, "v1", "KEY", "k");
        await publisher.ReadFrameAsync(Timeout);
        await using var member = await RespConnection.ConnectAsync(cluster.Endpoint(1));
        await member.SwitchToResp3Async();
        await member.SendCommandAsync("ROOM.JOIN", room, "SNAPSHOT");
        var joined = RoomPush.Parse(await member.ReadFrameAsync(Timeout));

        for (var node = 0; node < 3; node++)
        {
            await using var asker = await RespConnection.ConnectAsync(cluster.Endpoint(node));
            await asker.SendCommandAsync("ROOM.LAST", room);
            var last = RespTree.Map(await asker.ReadFrameAsync(Timeout));
            Assert.Equal((joined.Epoch, 1L), ((long)last["epoch"]!, (long)last["last-seq"]!));
            var value = Assert.IsType<List<object?>>(Assert.Single(Assert.IsType<List<object?>>(last["values"])));
            Assert.Equal([1L, "k"], value.Take(2));
            Assert.Equal("v1", value[3]);

            // ROOM.INFO on the publishing node (its room only forwarded the publish) and on the member's node: the
            // owner's numbering, not a made-up one.
            if (node < 2)
            {
                await asker.SendCommandAsync("ROOM.INFO", room);
                var info = RespTree.Map(await asker.ReadFrameAsync(Timeout));
                Assert.Equal((joined.Epoch, 1L, 1L), ((long)info["epoch"]!, (long)info["last-seq"]!, (long)info["oldest-seq"]!));
            }

            // A room nobody ever published to is unknown on every node, as on a single node.
            await asker.SendCommandAsync("ROOM.LAST", room + ".never");
            Assert.Equal("$-1\r\n", System.Text.Encoding.Latin1.GetString(await asker.ReadFrameAsync(Timeout)));
        }
    }

    private static string Payload(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static async Task PublishAsync(RespConnection publisher, string room, int from, int count)
    {
        await publisher.SendAsync(Enumerable.Range(from, count)
            .SelectMany(i => Resp.Command("ROOM.PUBLISH", room, Payload(i), "KEY", $"k{i % Keys}"))
            .ToArray());
        await publisher.ReadFramesAsync(count, Timeout);
    }

    private static async Task<List<RoomPush>> ReadUntilAsync(RespConnection member, string kind)
    {
        var pushes = new List<RoomPush>();
        while (true)
        {
            var push = RoomPush.Parse(await member.ReadFrameAsync(Timeout));
            if (push.Kind == kind)
            {
                return pushes;
            }

            pushes.Add(push);
        }
    }

    private static async Task<List<RoomPush>> ReadMessagesAsync(RespConnection member, int count)
    {
        var messages = new List<RoomPush>();
        while (messages.Count < count)
        {
            var push = RoomPush.Parse(await member.ReadFrameAsync(Timeout));
            Assert.Equal("roommsg", push.Kind);
            messages.Add(push);
        }

        return messages;
    }
}

using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Rooms;

/// <summary>ROOM.LAST, ROOM.LIST, ROOM.MEMBERS, ROOM.INFO, FROM replay over a socket, and the epoch after an idle stop.</summary>
[Collection(nameof(RoomFeaturesCollection))]
public sealed class RoomStateSpecs(RoomFeaturesBroker broker)
{
    [Fact]
    public async Task Should_start_a_new_epoch_at_seq_one_when_an_idle_room_stopped_and_is_published_to_again()
    {
        await using var client = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await client.SendCommandAsync("ROOM.PUBLISH", "idle-room", "first", "KEY", "k");
        await client.ReadFrameAsync();
        var before = await LastAsync(client, "idle-room");

        // The room stops once idle (500 ms here); wait for that, bounded.
        await Eventually.HoldsAsync(async () => await ListAsync(client, "idle-room") is not { Count: > 0 }, TimeSpan.FromSeconds(10), "the idle room to stop");

        await client.SendCommandAsync("ROOM.LAST", "idle-room");
        var gone = RespTree.Parse(await client.ReadFrameAsync());
        await client.SendCommandAsync("ROOM.PUBLISH", "idle-room", "second", "KEY", "k");
        await client.ReadFrameAsync();
        var after = await LastAsync(client, "idle-room");

        Assert.Equal(1L, before["last-seq"]);
        Assert.Null(gone);
        Assert.Equal(1L, after["last-seq"]);
        Assert.NotEqual(before["epoch"], after["epoch"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_replay_from_a_seq_then_continue_live_when_joining_with_from(bool viaChannel)
    {
        var room = $"replayed-{viaChannel}";
        await using var publisher = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await using var reader = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await publisher.SendAsync(new byte[][] { Resp.Command("ROOM.PUBLISH", room, "a"), Resp.Command("ROOM.PUBLISH", room, "b"), Resp.Command("ROOM.PUBLISH", room, "c") }.SelectMany(b => b).ToArray());
        await publisher.ReadFramesAsync(3);

        var joined = await FeedFrame.JoinAsync(reader, viaChannel, room, "FROM", "2");
        var replay = new[] { FeedFrame.Parse(await reader.ReadFrameAsync()), FeedFrame.Parse(await reader.ReadFrameAsync()) };
        await publisher.SendCommandAsync("PUBLISH", room, "d");
        Assert.Equal(":1\r\n", System.Text.Encoding.Latin1.GetString(await publisher.ReadFrameAsync()));
        var live = FeedFrame.Parse(await reader.ReadFrameAsync());

        Assert.Equal(3, joined.Seq);
        Assert.Equal([(2L, "b"), (3L, "c"), (4L, "d")], replay.Append(live).Select(p => (p.Seq, p.Payload)));
    }

    [Fact]
    public async Task Should_list_members_with_their_names_and_describe_the_room_when_asked()
    {
        await using var named = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await using var plain = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await using var asker = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await named.SendCommandAsync("CLIENT", "SETNAME", "alice");
        await named.ReadFrameAsync();
        await named.SwitchToResp3Async();
        await named.SendCommandAsync("ROOM.JOIN", "described", "POLICY", "conflate");
        await named.ReadFrameAsync();
        await plain.SendCommandAsync("SUBSCRIBE", "described");
        await plain.ReadFrameAsync();
        await asker.SendCommandAsync("ROOM.PUBLISH", "described", "v1", "KEY", "k");
        await asker.ReadFrameAsync();
        await named.ReadFrameAsync();

        await asker.SendCommandAsync("ROOM.MEMBERS", "described");
        var members = RespTree.Map(await asker.ReadFrameAsync());
        await asker.SendCommandAsync("ROOM.INFO", "described");
        var info = RespTree.Map(await asker.ReadFrameAsync());
        await asker.SendCommandAsync("ROOM.LIST", "describ*");
        var listed = RespTree.Parse(await asker.ReadFrameAsync());

        Assert.Equal(2L, members["count"]);
        var names = ((List<object?>)members["members"]!).Cast<List<object?>>().Select(m => (m[3], m[5])).ToList();
        Assert.Contains(("alice", "room"), names);
        Assert.Contains((null, "subscribe"), names);
        Assert.Equal(1L, info["subscribers"]);
        Assert.Equal(1L, info["room-members"]);
        Assert.Equal(1L, info["messages-in"]);
        Assert.Equal(2L, info["messages-out"]);
        Assert.Equal(2L, info["fan-out"]);
        Assert.Equal(1L, info["keys"]);
        Assert.Equal(2L, info["members-answered"]);
        Assert.NotNull(info["latency-us"]);
        Assert.Equal(new List<object?> { "described" }, listed);
    }

    private static async Task<Dictionary<string, object?>> LastAsync(RespConnection client, string room)
    {
        await client.SendCommandAsync("ROOM.LAST", room);
        return RespTree.Map(await client.ReadFrameAsync());
    }

    private static async Task<List<object?>> ListAsync(RespConnection client, string pattern)
    {
        await client.SendCommandAsync("ROOM.LIST", pattern);
        return (List<object?>)RespTree.Parse(await client.ReadFrameAsync())!;
    }
}

using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Rooms;

/// <summary>Plain Redis clients in the same rooms as ROOM.JOIN members see exactly the bytes they always saw.</summary>
[Collection(nameof(RoomFeaturesCollection))]
public sealed class RoomPlainCompatibilitySpecs(RoomFeaturesBroker broker)
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Should_send_a_subscriber_plain_message_frames_when_a_room_member_shares_its_room(int protocol)
    {
        // Arrange
        var room = $"side-by-side-{protocol}";
        await using var subscriber = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await using var member = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await using var publisher = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        if (protocol == 3)
        {
            await subscriber.SendCommandAsync("HELLO", "3");
            await subscriber.ReadFrameAsync();
        }

        await subscriber.SendCommandAsync("SUBSCRIBE", room);
        var head = protocol == 3 ? ">3" : "*3";
        Assert.Equal($"{head}\r\n$9\r\nsubscribe\r\n${room.Length}\r\n{room}\r\n:1\r\n", Text(await subscriber.ReadFrameAsync()));
        await member.SendCommandAsync("ROOM.JOIN", room);
        var joined = RoomPush.Parse(await member.ReadFrameAsync());

        // Act
        await publisher.SendAsync(new byte[][] { Resp.Command("PUBLISH", room, "plain"), Resp.Command("ROOM.PUBLISH", room, "keyed", "KEY", "k") }.SelectMany(b => b).ToArray());

        // Assert: the subscriber gets message frames only, byte for byte; the publisher's counts include both.
        Assert.Equal(":2\r\n:2\r\n", Text(await publisher.ReadFramesAsync(2)));
        Assert.Equal(
            $"{head}\r\n$7\r\nmessage\r\n${room.Length}\r\n{room}\r\n$5\r\nplain\r\n{head}\r\n$7\r\nmessage\r\n${room.Length}\r\n{room}\r\n$5\r\nkeyed\r\n",
            Text(await subscriber.ReadFramesAsync(2)));
        var first = RoomPush.Parse(await member.ReadFrameAsync());
        var second = RoomPush.Parse(await member.ReadFrameAsync());
        Assert.Equal((joined.Int(1) + 1, null, "plain"), (first.Seq, first.Key, first.Payload));
        Assert.Equal((joined.Int(1) + 2, "k", "keyed"), (second.Seq, second.Key, second.Payload));
        await subscriber.SendCommandAsync("PING");
        Assert.Equal(protocol == 3 ? "+PONG\r\n" : "*2\r\n$4\r\npong\r\n$0\r\n\r\n", Text(await subscriber.ReadFrameAsync()));
    }

    [Fact]
    public async Task Should_keep_a_resp2_room_member_in_subscribed_mode_and_refuse_other_commands_like_redis()
    {
        await using var member = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await member.SendCommandAsync("ROOM.JOIN", "mode-room");
        await member.ReadFrameAsync();

        await member.SendCommandAsync("ROOM.PUBLISH", "mode-room", "x");
        var refused = Text(await member.ReadFrameAsync());
        await member.SendCommandAsync("ROOM.LEAVE", "mode-room");
        var left = Text(await member.ReadFrameAsync());
        await member.SendCommandAsync("ROOM.PUBLISH", "mode-room", "x");
        var published = Text(await member.ReadFrameAsync());

        Assert.StartsWith("-ERR Can't execute 'room.publish'", refused, StringComparison.Ordinal);
        Assert.Equal("*3\r\n$8\r\nroomleft\r\n$9\r\nmode-room\r\n:0\r\n", left);
        Assert.Equal(":0\r\n", published);
    }

    [Theory]
    [InlineData("ROOM.JOIN", "r", "POLICY", "fast", "-ERR unknown policy 'fast' (expected disconnect, drop-oldest or conflate)\r\n")]
    [InlineData("ROOM.JOIN", "r", "FROM", "-1", "-ERR value is not an integer or out of range\r\n")]
    [InlineData("ROOM.JOIN", "r", "MAXRATE", "0", "-ERR MAXRATE must be an integer from 1 to 1000000\r\n")]
    [InlineData("ROOM.JOIN", "r", "SNAPSHOT", "LAST", "5", "-ERR SNAPSHOT, FROM and LAST cannot be combined\r\n")]
    [InlineData("ROOM.JOIN", "r", "FROM", "-ERR syntax error\r\n")]
    [InlineData("ROOM.JOIN", "r", "NOW", "-ERR syntax error\r\n")]
    [InlineData("ROOM.JOIN", "-ERR wrong number of arguments for 'room.join' command\r\n")]
    [InlineData("ROOM.PUBLISH", "r", "x", "KEY", "-ERR syntax error\r\n")]
    [InlineData("ROOM.PUBLISH", "r", "-ERR wrong number of arguments for 'room.publish' command\r\n")]
    [InlineData("ROOM.LAST", "r", "KEY", "-ERR syntax error\r\n")]
    [InlineData("ROOM.LIST", "a", "b", "-ERR syntax error\r\n")]
    [InlineData("ROOM.INFO", "-ERR wrong number of arguments for 'room.info' command\r\n")]
    public async Task Should_answer_a_redis_style_error_and_stay_open_when_a_room_command_is_malformed(params string[] commandAndReply)
    {
        await using var client = await RespConnection.ConnectAsync(broker.Node.Endpoint);

        await client.SendCommandAsync(commandAndReply[..^1]);
        var reply = Text(await client.ReadFrameAsync());
        await client.SendCommandAsync("PING");

        Assert.Equal(commandAndReply[^1], reply);
        Assert.Equal("+PONG\r\n", Text(await client.ReadFrameAsync()));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Should_confirm_room_join_and_leave_when_replies_are_off(int protocol)
    {
        await using var member = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        if (protocol == 3)
        {
            await member.SendCommandAsync("HELLO", "3");
            await member.ReadFrameAsync();
        }

        await member.SendCommandAsync("CLIENT", "REPLY", "OFF");
        await member.SendCommandAsync("ROOM.JOIN", $"off-room-{protocol}", "FROM", "-1");
        await member.SendCommandAsync("ROOM.JOIN", $"off-room-{protocol}");
        var joined = RoomPush.Parse(await member.ReadFrameAsync());
        await member.SendCommandAsync("ROOM.LEAVE", $"off-room-{protocol}");
        var left = RoomPush.Parse(await member.ReadFrameAsync());

        Assert.Equal(("roomjoined", $"off-room-{protocol}"), (joined.Kind, joined.Room));
        Assert.Equal(("roomleft", $"off-room-{protocol}"), (left.Kind, left.Room));
    }

    private static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}

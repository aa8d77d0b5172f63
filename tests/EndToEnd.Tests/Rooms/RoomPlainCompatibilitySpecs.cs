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
        await member.SwitchToResp3Async();
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
    public async Task Should_refuse_room_join_and_leave_the_connection_as_it_was_when_it_speaks_resp2()
    {
        // A generic RESP2 client would read every later roommsg push as the reply to its next command: refused.
        await using var member = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await member.SendCommandAsync("ROOM.JOIN", "mode-room", "SNAPSHOT");
        var refused = Text(await member.ReadFrameAsync());

        await member.SendCommandAsync("ROOM.PUBLISH", "mode-room", "x");
        var published = Text(await member.ReadFrameAsync());
        await member.SendCommandAsync("PING");

        Assert.Equal($"-{ActorRooms.Broker.Network.Replies.ErrorReplies.RoomJoinNeedsResp3}\r\n", refused);
        Assert.Equal(":0\r\n", published);
        Assert.Equal("+PONG\r\n", Text(await member.ReadFrameAsync()));
    }

    [Fact]
    public async Task Should_answer_room_join_and_leave_with_ordinary_array_replies_when_the_connection_speaks_resp3()
    {
        // An ordinary reply (not a > push), so a RESP3 client library completes the command with it; only the feed is pushes.
        await using var member = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await member.SwitchToResp3Async();
        await member.SendCommandAsync("ROOM.JOIN", "array-room");
        var joined = Text(await member.ReadFrameAsync());
        await member.SendCommandAsync("HELLO", "2");
        var hello2 = Text(await member.ReadFrameAsync());
        await member.SendCommandAsync("ROOM.LEAVE", "array-room");
        var left = Text(await member.ReadFrameAsync());

        Assert.Matches(@"^\*5\r\n\$10\r\nroomjoined\r\n\$10\r\narray-room\r\n:\d+\r\n:0\r\n:1\r\n$", joined);
        Assert.Equal($"-{ActorRooms.Broker.Network.Replies.ErrorReplies.HelloWithRoomFeeds}\r\n", hello2);
        Assert.Equal("*3\r\n$8\r\nroomleft\r\n$10\r\narray-room\r\n:0\r\n", left);
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
        await client.SwitchToResp3Async();

        await client.SendCommandAsync(commandAndReply[..^1]);
        var reply = Text(await client.ReadFrameAsync());
        await client.SendCommandAsync("PING");

        Assert.Equal(commandAndReply[^1], reply);
        Assert.Equal("+PONG\r\n", Text(await client.ReadFrameAsync()));
    }

    [Fact]
    public async Task Should_drop_the_room_join_reply_but_deliver_the_feed_when_replies_are_off()
    {
        // roomjoined is an ordinary reply now, so CLIENT REPLY OFF drops it like any reply; the feed's pushes still come.
        await using var member = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await using var publisher = await RespConnection.ConnectAsync(broker.Node.Endpoint);
        await member.SwitchToResp3Async();

        await member.SendCommandAsync("CLIENT", "REPLY", "OFF");
        await member.SendCommandAsync("ROOM.JOIN", "off-room", "FROM", "-1");
        await member.SendCommandAsync("ROOM.JOIN", "off-room");
        await member.SendCommandAsync("CLIENT", "REPLY", "ON");
        var on = Text(await member.ReadFrameAsync());
        await publisher.SendCommandAsync("ROOM.PUBLISH", "off-room", "hello");
        await publisher.ReadFrameAsync();
        var message = RoomPush.Parse(await member.ReadFrameAsync());

        Assert.Equal("+OK\r\n", on);
        Assert.Equal(("roommsg", "off-room", "hello"), (message.Kind, message.Room, message.Payload));
    }

    private static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}

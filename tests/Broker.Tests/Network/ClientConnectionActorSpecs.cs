using System.Text;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Broker.Security;
using ActorRooms.Protocol.Resp;
using Akka.IO;

namespace ActorRooms.Broker.Tests.Network;

public sealed class ClientConnectionActorSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    [Fact]
    public async Task Should_reply_in_request_order_when_rooms_acknowledge_out_of_order()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.Default);

        client.Receive("PUBLISH a 1\r\nPING\r\nPUBLISH b 2\r\nPUBLISH a 3\r\nECHO hi\r\n");
        var batches = new[] { await client.Rooms.ExpectMsgAsync<PublishBatch>(), await client.Rooms.ExpectMsgAsync<PublishBatch>() };
        var toA = batches.Single(b => b.Room == "a");
        var toB = batches.Single(b => b.Room == "b");
        client.Connection.Tell(new BatchPublished(toB.RequestId, 5), client.Rooms.Ref);
        client.Connection.Tell(new BatchPublished(toA.RequestId, 3), client.Rooms.Ref);

        const string expected = ":3\r\n+PONG\r\n:5\r\n:3\r\n$2\r\nhi\r\n";
        Assert.Equal(expected, await client.ReadAsync(expected.Length));
        Assert.Equal(["1", "3"], toA.Payloads.Select(p => Encoding.Latin1.GetString(p.Span)));
    }

    [Fact]
    public async Task Should_send_one_batch_per_room_and_read_on_while_its_replies_wait()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.Default);

        client.Receive(string.Concat(Enumerable.Range(0, 100).Select(i => $"PUBLISH prices {i}\r\n")));

        var batch = await client.Rooms.ExpectMsgAsync<PublishBatch>();
        Assert.Equal(100, batch.Payloads.Count);
        await client.Tcp.ExpectMsgAsync<Tcp.ResumeReading>(); // the replies wait for the room; the next read need not
        client.Receive("PUBLISH prices 100\r\n");
        Assert.Single((await client.Rooms.ExpectMsgAsync<PublishBatch>()).Payloads);

        client.Connection.Tell(new BatchPublished(batch.RequestId, 2), client.Rooms.Ref);
        var expected = string.Concat(Enumerable.Repeat(":2\r\n", 100));
        Assert.Equal(expected, await client.ReadAsync(expected.Length));
    }

    [Fact]
    public async Task Should_send_one_batch_per_room_and_not_read_again_while_the_waiting_reads_are_at_their_bound()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.OneReadAtATime);

        client.Receive(string.Concat(Enumerable.Range(0, 100).Select(i => $"PUBLISH prices {i}\r\n")));

        var batch = await client.Rooms.ExpectMsgAsync<PublishBatch>();
        Assert.Equal(100, batch.Payloads.Count);
        await client.Rooms.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        await client.Tcp.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));

        client.Connection.Tell(new BatchPublished(batch.RequestId, 2), client.Rooms.Ref);
        var expected = string.Concat(Enumerable.Repeat(":2\r\n", 100));
        Assert.Equal(expected, await client.ReadAsync(expected.Length));
        await client.Tcp.FishForMessageAsync<Tcp.ResumeReading>(_ => true);
    }

    [Fact]
    public async Task Should_send_to_known_rooms_directly_and_forget_the_oldest_when_the_room_cache_is_full()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.OneReadAtATime with { RoomCacheSize = 1 });
        var roomA = CreateTestProbe();
        var roomB = CreateTestProbe();

        await PublishAndAnswerAsync(client, "a", via: client.Rooms, answerFrom: roomA);
        await PublishAndAnswerAsync(client, "b", via: client.Rooms, answerFrom: roomB);

        // b is remembered and reached directly; a was forgotten to keep one room, so it goes through the registry again.
        await PublishAndAnswerAsync(client, "b", via: roomB, answerFrom: roomB);
        await PublishAndAnswerAsync(client, "a", via: client.Rooms, answerFrom: roomA);
    }

    private static async Task PublishAndAnswerAsync(ConnectionHarness client, string room, Akka.TestKit.TestProbe via, Akka.TestKit.TestProbe answerFrom)
    {
        client.Receive($"PUBLISH {room} x\r\n");
        var batch = await via.ExpectMsgAsync<PublishBatch>();
        Assert.Equal(room, batch.Room);
        client.Connection.Tell(new BatchPublished(batch.RequestId, 1), answerFrom.Ref);
        Assert.Equal(":1\r\n", await client.ReadAsync(4));
        await client.Tcp.FishForMessageAsync<Tcp.ResumeReading>(_ => true);
    }

    [Fact]
    public async Task Should_confirm_a_subscription_only_when_the_room_has_the_member()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.OneReadAtATime);
        var room = CreateTestProbe();

        client.Receive("SUBSCRIBE news\r\n");
        var join = await client.Rooms.ExpectMsgAsync<JoinRoom>();
        await client.Tcp.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        client.Connection.Tell(new RoomJoined(join.RequestId, "news"), room.Ref);

        const string expected = "*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n";
        Assert.Equal(expected, await client.ReadAsync(expected.Length));
    }

    [Fact]
    public async Task Should_drop_deliveries_when_they_arrive_after_unsubscribe()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.OneReadAtATime);
        var room = CreateTestProbe();
        client.Receive("SUBSCRIBE news\r\n");
        var join = await client.Rooms.ExpectMsgAsync<JoinRoom>();
        client.Connection.Tell(new RoomJoined(join.RequestId, "news"), room.Ref);
        await client.ReadAsync("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n".Length);
        await client.Tcp.FishForMessageAsync<Tcp.ResumeReading>(_ => true);

        client.Receive("UNSUBSCRIBE news\r\n");
        var leave = await room.ExpectMsgAsync<LeaveRoom>();
        client.Connection.Tell(new RoomLeft(leave.RequestId), room.Ref);
        const string confirmation = "*3\r\n$11\r\nunsubscribe\r\n$4\r\nnews\r\n:0\r\n";
        Assert.Equal(confirmation, await client.ReadAsync(confirmation.Length));
        client.Connection.Tell(new RoomDelivery("news", ByteString.FromString("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$4\r\nlate\r\n"), 1), room.Ref);

        await client.Tcp.FishForMessageAsync<Tcp.ResumeReading>(_ => true);
        // Marker: a PING sent after the late delivery is answered by the next write, so the delivery wrote nothing.
        client.Receive("PING\r\n");
        Assert.Equal("+PONG\r\n", await client.ReadAsync("+PONG\r\n".Length));
    }

    [Fact]
    public async Task Should_tell_count_and_close_when_a_subscriber_is_too_slow()
    {
        var settings = TestSettings.Default with { MaxQueuedBytes = 64 * 1024 };
        var client = await ConnectionHarness.StartAsync(this, settings);
        var room = CreateTestProbe();
        client.Receive("SUBSCRIBE feed\r\n");
        var join = await client.Rooms.ExpectMsgAsync<JoinRoom>();
        client.Connection.Tell(new RoomJoined(join.RequestId, "feed"), room.Ref);
        var confirmation = await client.NextWriteAsync();

        // The socket never acknowledges the confirmation; messages pile up past the bound.
        var frame = SharedFrames.Batch(PubSubFrames.MessagePrefix("feed"u8, RespProtocol.Resp2), [new byte[1000]]);
        for (var i = 0; i < 70; i++)
        {
            client.Connection.Tell(new RoomDelivery("feed", frame, 1), room.Ref);
        }

        await AwaitConditionAsync(() => Task.FromResult(client.Counters.SlowConsumerDisconnections == 1));
        client.Connection.Tell(confirmation.Ack, client.Tcp.Ref);
        var notice = await client.NextWriteAsync();
        Assert.StartsWith("-ERR slow consumer: output buffer limit of 65536 bytes reached", Encoding.Latin1.GetString(notice.Data.ToArray()), StringComparison.Ordinal);
        client.Connection.Tell(notice.Ack, client.Tcp.Ref);
        await client.Tcp.FishForMessageAsync<Tcp.ConfirmedClose>(_ => true);
    }

    [Fact]
    public async Task Should_reply_with_the_protocol_error_and_close_when_a_frame_is_malformed()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.Default);

        client.Receive("PING\r\n*1\r\n$-5\r\nPING\r\n");

        const string expected = "+PONG\r\n-ERR Protocol error: invalid bulk length\r\n";
        Assert.Equal(expected, await client.ReadAsync(expected.Length));
        await client.Tcp.FishForMessageAsync<Tcp.ConfirmedClose>(_ => true);
        Assert.Equal(1, client.Counters.ProtocolErrors);
    }

    [Fact]
    public async Task Should_answer_ok_and_close_when_the_client_quits()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.Default);

        client.Receive("QUIT\r\nPING\r\n");

        Assert.Equal("+OK\r\n", await client.ReadAsync(5));
        await client.Tcp.FishForMessageAsync<Tcp.ConfirmedClose>(_ => true);

        // Half-closed: what the client still sends is read and dropped until it closes too.
        client.Receive("PING\r\n");
        await client.Tcp.FishForMessageAsync<Tcp.ResumeReading>(_ => true);
        await WatchAsync(client.Connection);
        client.Connection.Tell(Tcp.ConfirmedClosed.Instance, client.Tcp.Ref);
        await ExpectTerminatedAsync(client.Connection);
    }

    [Fact]
    public async Task Should_abort_and_stop_when_a_write_fails()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.Default);
        await WatchAsync(client.Connection);
        client.Receive("PING\r\n");
        var write = await client.NextWriteAsync();

        client.Connection.Tell(new Tcp.CommandFailed(write), client.Tcp.Ref);

        await client.Tcp.FishForMessageAsync<Tcp.Abort>(_ => true);
        await ExpectTerminatedAsync(client.Connection);
    }

    [Fact]
    public async Task Should_send_nothing_when_replies_are_off_and_resume_when_on()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.Default);

        client.Receive("CLIENT REPLY OFF\r\nPING\r\nCLIENT REPLY ON\r\nPING\r\nCLIENT REPLY SKIP\r\nECHO skipped\r\nECHO shown\r\n");

        const string expected = "+OK\r\n+PONG\r\n$5\r\nshown\r\n";
        Assert.Equal(expected, await client.ReadAsync(expected.Length));
    }

    [Fact]
    public async Task Should_run_nothing_after_a_failed_auth_until_its_delay_has_passed()
    {
        var alice = BrokerUser.OpenDefault with { Name = "alice", PasswordSha256 = Convert.FromHexString(PasswordHash.ToHex("secret")) };
        var security = TestSettings.Default.Security with
        {
            Users = new UserDirectory([alice]),
            AuthFailures = new AuthFailureBackoff(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1), 10),
        };
        var client = await ConnectionHarness.StartAsync(this, TestSettings.Default with { Security = security });

        client.Receive("AUTH alice wrong\r\nPING\r\n");

        // The timer cannot fire before its delay, so nothing may be written in the first half of it.
        await client.Tcp.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(150));
        const string expected = "-WRONGPASS invalid username-password pair or user is disabled.\r\n+PONG\r\n";
        Assert.Equal(expected, await client.ReadAsync(expected.Length));
        await client.Tcp.FishForMessageAsync<Tcp.ResumeReading>(_ => true);
    }

    [Fact]
    public async Task Should_close_after_the_closing_error_when_the_last_allowed_auth_fails()
    {
        var security = TestSettings.Default.Security with
        {
            Users = new UserDirectory([BrokerUser.OpenDefault with { Name = "alice", PasswordSha256 = new byte[32] }]),
            AuthFailures = new AuthFailureBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), 1),
        };
        var client = await ConnectionHarness.StartAsync(this, TestSettings.Default with { Security = security });

        client.Receive("AUTH alice wrong\r\nPING\r\n");

        const string expected = "-WRONGPASS invalid username-password pair or user is disabled.\r\n-ERR too many failed authentication attempts (1); connection closed\r\n";
        Assert.Equal(expected, await client.ReadAsync(expected.Length));
        await client.Tcp.FishForMessageAsync<Tcp.ConfirmedClose>(_ => true);
        Assert.Equal(1, client.Counters.AuthFailureDisconnections);
    }
}

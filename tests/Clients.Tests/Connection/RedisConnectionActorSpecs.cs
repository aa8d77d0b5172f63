using System.Net;
using ActorRooms.Clients.Connection;
using ActorRooms.Clients.Hosting;
using ActorRooms.Clients.Tests.Support;
using Akka.Actor;
using Akka.IO;
using Akka.TestKit;

namespace ActorRooms.Clients.Tests.Connection;

/// <summary>
/// The client connection actor against probes: one stands in for Akka.IO's TCP manager (it receives Connect), one
/// for each Akka.IO connection (it receives Register, ResumeReading, Write, Abort), one for the owner. Backoff runs
/// on virtual time.
/// </summary>
public sealed class RedisConnectionActorSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(TestConfigs.VirtualTime, output)
{
    private static readonly IPEndPoint Server = new(IPAddress.Loopback, 6380);
    private static readonly IPEndPoint Local = new(IPAddress.Loopback, 50000);

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task Should_connect_register_and_subscribe_when_started()
    {
        var harness = Start(Subscriptions.Channel("prices"));

        var connect = await harness.TcpManager.ExpectMsgAsync<Tcp.Connect>();
        Assert.Equal(Server, connect.RemoteAddress);
        Assert.True(connect.PullMode);
        var socket = await harness.AcceptAsync();

        Assert.Equal([["CLIENT", "SETNAME", "test-client"], ["SUBSCRIBE", "prices"]], await WrittenCommandsAsync(socket));
        await harness.Owner.ExpectMsgAsync<RedisConnected>();
    }

    [Fact]
    public async Task Should_reconnect_and_subscribe_again_when_the_connection_drops()
    {
        var harness = Start(new Subscriptions(["prices"], ["news.*"]));
        await harness.TcpManager.ExpectMsgAsync<Tcp.Connect>();
        var first = await harness.AcceptAsync();
        await WrittenCommandsAsync(first);
        harness.Connection.Tell(RespText.Received("+OK\r\n*3\r\n$9\r\nsubscribe\r\n$6\r\nprices\r\n:1\r\n*3\r\n$10\r\npsubscribe\r\n$6\r\nnews.*\r\n:2\r\n"), first.Ref);
        await harness.Owner.FishForMessageAsync<RedisSubscribed>(s => s.Name == "news.*");

        harness.Connection.Tell(Tcp.PeerClosed.Instance, first.Ref);

        var down = await harness.Owner.FishForMessageAsync<RedisDisconnected>(_ => true);
        Assert.Equal(TimeSpan.FromMilliseconds(100), down.RetryIn);
        Assert.Contains("the server closed the connection", down.Reason, StringComparison.Ordinal);
        await harness.TcpManager.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));

        Scheduler.Advance(down.RetryIn);

        await harness.TcpManager.ExpectMsgAsync<Tcp.Connect>();
        var second = await harness.AcceptAsync();
        Assert.Equal([["CLIENT", "SETNAME", "test-client"], ["SUBSCRIBE", "prices"], ["PSUBSCRIBE", "news.*"]], await WrittenCommandsAsync(second));
        await harness.Owner.FishForMessageAsync<RedisConnected>(_ => true);
    }

    [Fact]
    public async Task Should_wait_longer_each_time_up_to_the_cap_when_the_server_is_not_up()
    {
        var harness = Start(Subscriptions.None, TestConfigs.Connection with { BackoffMin = TimeSpan.FromMilliseconds(100), BackoffMax = TimeSpan.FromMilliseconds(500) });
        var waits = new List<TimeSpan>();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var connect = await harness.TcpManager.ExpectMsgAsync<Tcp.Connect>();
            harness.Connection.Tell(new Tcp.CommandFailed(connect).WithCause(new Exception("Connection refused")), harness.TcpManager.Ref);
            var down = await harness.Owner.ExpectMsgAsync<RedisDisconnected>();
            Assert.StartsWith("Cannot reach 127.0.0.1:6380", down.Reason, StringComparison.Ordinal);
            waits.Add(down.RetryIn);
            Scheduler.Advance(down.RetryIn);
        }

        Assert.Equal([100, 200, 400, 500, 500], waits.Select(w => w.TotalMilliseconds));
    }

    [Fact]
    public async Task Should_reset_the_connection_and_not_crash_when_the_server_sends_garbage()
    {
        var harness = Start(Subscriptions.Channel("prices"));
        await harness.TcpManager.ExpectMsgAsync<Tcp.Connect>();
        var socket = await harness.AcceptAsync();
        await WrittenCommandsAsync(socket);
        await WatchAsync(harness.Connection);

        harness.Connection.Tell(RespText.Received("+OK\r\n?garbage\r\n"), socket.Ref);

        await socket.FishForMessageAsync<Tcp.Abort>(_ => true);
        var down = await harness.Owner.FishForMessageAsync<RedisDisconnected>(_ => true);
        Assert.Contains("garbled", down.Reason, StringComparison.Ordinal);
        Scheduler.Advance(down.RetryIn);
        await harness.TcpManager.ExpectMsgAsync<Tcp.Connect>();
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Should_hand_over_one_batch_per_read_and_read_on_only_when_it_is_handled()
    {
        var harness = Start(Subscriptions.Channel("prices"), TestConfigs.Connection with { ReadAheadBatches = 1, ClientName = string.Empty });
        await harness.TcpManager.ExpectMsgAsync<Tcp.Connect>();
        var socket = await harness.AcceptAsync();
        await WrittenCommandsAsync(socket);

        harness.Connection.Tell(
            RespText.Received(string.Concat(Enumerable.Range(1, 3).Select(i => $"*3\r\n$7\r\nmessage\r\n$6\r\nprices\r\n$1\r\n{i}\r\n"))),
            socket.Ref);

        var batch = await harness.Owner.FishForMessageAsync<RedisMessages>(_ => true);
        Assert.Equal(["1", "2", "3"], batch.Messages.Select(m => m.PayloadText));
        await socket.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));

        harness.Connection.Tell(MessagesHandled.Instance, harness.Owner.Ref);

        await socket.ExpectMsgAsync<Tcp.ResumeReading>();
    }

    [Fact]
    public async Task Should_keep_one_write_outstanding_and_send_the_rest_together_when_it_is_acknowledged()
    {
        var harness = Start(Subscriptions.None, TestConfigs.Connection with { ClientName = string.Empty });
        await harness.TcpManager.ExpectMsgAsync<Tcp.Connect>();
        var socket = await harness.AcceptAsync();

        harness.Connection.Tell(new SendCommands(RespText.Bytes("*1\r\n$4\r\nPING\r\n"), 1), harness.Owner.Ref);
        harness.Connection.Tell(new SendCommands(RespText.Bytes("*2\r\n$4\r\nECHO\r\n$1\r\na\r\n"), 1), harness.Owner.Ref);
        harness.Connection.Tell(new SendCommands(RespText.Bytes("*2\r\n$4\r\nECHO\r\n$1\r\nb\r\n"), 1), harness.Owner.Ref);

        var first = await socket.ExpectMsgAsync<Tcp.Write>();
        Assert.Equal([["PING"]], RespText.Commands(first.Data));
        await socket.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));

        harness.Connection.Tell(first.Ack, socket.Ref);

        var second = await socket.ExpectMsgAsync<Tcp.Write>();
        Assert.Equal([["ECHO", "a"], ["ECHO", "b"]], RespText.Commands(second.Data));
    }

    [Fact]
    public async Task Should_hand_replies_to_the_owner_in_order_when_they_arrive()
    {
        var harness = Start(Subscriptions.None, TestConfigs.Connection with { ClientName = string.Empty });
        await harness.TcpManager.ExpectMsgAsync<Tcp.Connect>();
        var socket = await harness.AcceptAsync();

        harness.Connection.Tell(RespText.Received(":1\r\n:0\r\n-ERR nope\r\n"), socket.Ref);

        var replies = await harness.Owner.FishForMessageAsync<RedisReplies>(_ => true);
        Assert.Equal(["(integer) 1", "(integer) 0", "(error) ERR nope"], replies.Replies.Select(r => r.ToString()));
    }

    [Fact]
    public async Task Should_drop_commands_and_say_so_when_not_connected()
    {
        var harness = Start(Subscriptions.None);
        await harness.TcpManager.ExpectMsgAsync<Tcp.Connect>();

        harness.Connection.Tell(new SendCommands(RespText.Bytes("*1\r\n$4\r\nPING\r\n"), 1), harness.Owner.Ref);

        var dropped = await harness.Owner.ExpectMsgAsync<CommandsDropped>();
        Assert.Equal(1, dropped.Count);
    }

    [Fact]
    public async Task Should_give_up_and_stop_when_retry_is_off()
    {
        var harness = Start(Subscriptions.None, TestConfigs.Connection with { Retry = false });
        await WatchAsync(harness.Connection);
        var connect = await harness.TcpManager.ExpectMsgAsync<Tcp.Connect>();

        harness.Connection.Tell(new Tcp.CommandFailed(connect).WithCause(new Exception("Connection refused")), harness.TcpManager.Ref);

        var gaveUp = await harness.Owner.ExpectMsgAsync<RedisGaveUp>();
        Assert.StartsWith("Cannot reach 127.0.0.1:6380", gaveUp.Reason, StringComparison.Ordinal);
        await ExpectTerminatedAsync(harness.Connection);
    }

    private static async Task<List<string[]>> WrittenCommandsAsync(TestProbe socket)
    {
        var write = await socket.FishForMessageAsync<Tcp.Write>(_ => true);
        return RespText.Commands(write.Data);
    }

    private Harness Start(Subscriptions subscriptions, ConnectionSettings? settings = null)
    {
        var tcpManager = CreateTestProbe("tcp-manager");
        var owner = CreateTestProbe("owner");
        settings ??= TestConfigs.Connection with { ClientName = "test-client" };
        var connection = Sys.ActorOf(RedisConnectionActor.Props(settings with { Host = "127.0.0.1", Port = 6380 }, subscriptions, owner.Ref, tcpManager.Ref));
        return new Harness(this, connection, tcpManager, owner);
    }

    private sealed record Harness(TestKitBase Kit, IActorRef Connection, TestProbe TcpManager, TestProbe Owner)
    {
        /// <summary>Answers the pending Connect as Akka.IO would, from a new probe standing in for the socket's actor.</summary>
        public async Task<TestProbe> AcceptAsync()
        {
            var socket = Kit.CreateTestProbe();
            Connection.Tell(new Tcp.Connected(Server, Local), socket.Ref);
            await socket.ExpectMsgAsync<Tcp.Register>();
            await socket.ExpectMsgAsync<Tcp.ResumeReading>();
            return socket;
        }
    }
}

using System.Net;
using System.Text;
using ActorRooms.Clients.Connection;
using ActorRooms.Clients.Hosting;
using ActorRooms.Protocol.PubSub;
using ActorRooms.Clients.Reader;
using ActorRooms.Clients.Tests.Support;
using Akka.Actor;
using Akka.TestKit;

namespace ActorRooms.Clients.Tests.Reader;

public sealed class ReaderActorSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    [Fact]
    public async Task Should_complete_after_count_messages_and_acknowledge_every_batch()
    {
        var (reader, connection, collected, completion, _) = Start(TestConfigs.Reader with { Count = 5 });

        reader.Tell(Batch("1", "2", "3"), connection.Ref);
        await connection.ExpectMsgAsync<MessagesHandled>();
        Assert.False(completion.Task.IsCompleted);
        reader.Tell(Batch("4", "5", "6"), connection.Ref);
        await connection.ExpectMsgAsync<MessagesHandled>();

        Assert.Equal(ExitCodes.Ok, await completion.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(["1", "2", "3", "4", "5"], collected.Messages.Select(m => m.Payload));

        // Later messages are acknowledged (so the connection keeps reading) but not shown.
        reader.Tell(Batch("7"), connection.Ref);
        await connection.ExpectMsgAsync<MessagesHandled>();
        Assert.Equal(5, collected.Messages.Count);
    }

    [Fact]
    public async Task Should_report_ready_and_show_the_state_when_the_connection_changes()
    {
        var (reader, _, collected, _, ready) = Start(TestConfigs.Reader);

        reader.Tell(new RedisConnected(new IPEndPoint(IPAddress.Loopback, 6380)));
        reader.Tell(new RedisSubscribed("subscribe", "prices", 1));
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(5));
        reader.Tell(new RedisDisconnected("Lost the connection to 127.0.0.1:6380 (the server closed the connection)", TimeSpan.FromMilliseconds(200), 1));

        await AwaitAssertAsync(() => Assert.Equal(
            ["connecting", "connected, joining", "joined", "Lost the connection to 127.0.0.1:6380 (the server closed the connection); retry 1 in 0.2 s"],
            collected.Statuses.Select(s => s.State)));
        Assert.Equal(1, collected.Joins);
    }

    [Fact]
    public async Task Should_complete_with_the_unreachable_exit_code_when_the_connection_gives_up()
    {
        var (reader, _, _, completion, _) = Start(TestConfigs.Reader);

        reader.Tell(new RedisGaveUp("Cannot reach 127.0.0.1:6380 (Connection refused)"));

        Assert.Equal(ExitCodes.Unreachable, await completion.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Should_write_each_payload_on_its_own_line_and_nothing_else_when_raw()
    {
        using var stdout = new MemoryStream();
        var completion = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var connection = CreateTestProbe();
        var reader = Sys.ActorOf(ReaderActor.Props(
            TestConfigs.Reader with { View = ReaderView.Raw, Count = 3 },
            "127.0.0.1:6380",
            ForwardingConnection.Props(connection.Ref),
            new RawOutput(stdout),
            completion,
            new TaskCompletionSource()));

        reader.Tell(Batch("{\"symbol\":\"AAPL\",\"price\":1}", "hello", "bytes \u00e9"), connection.Ref);

        await completion.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("{\"symbol\":\"AAPL\",\"price\":1}\nhello\nbytes \u00e9\n", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public async Task Should_show_prices_and_other_payloads_in_the_table_without_failing()
    {
        var board = new LiveTableBoard(new ReaderStatus("room 'prices'", "127.0.0.1:6380", "connecting", false));
        var table = new PriceTable(TimeSpan.FromSeconds(2), 10, 5);
        var connection = CreateTestProbe();
        var reader = Sys.ActorOf(ReaderActor.Props(
            TestConfigs.Reader with { RefreshInterval = TimeSpan.FromMilliseconds(50) },
            "127.0.0.1:6380",
            ForwardingConnection.Props(connection.Ref),
            new TableOutput(table, board),
            new TaskCompletionSource<int>(),
            new TaskCompletionSource()));
        await WatchAsync(reader);

        reader.Tell(Batch("{\"symbol\":\"AAPL\",\"price\":190.5,\"seq\":1,\"ts\":1}", "not json at all", "{\"broken\":", "\u0000\u0001"), connection.Ref);

        await connection.ExpectMsgAsync<MessagesHandled>();
        await AwaitAssertAsync(() =>
        {
            var snapshot = board.Snapshot;
            Assert.Equal(190.5, Assert.Single(snapshot.Rows).Last);
            Assert.Equal(3, snapshot.OtherMessages);
        });
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    private static RedisMessages Batch(params string[] payloads) =>
        new([.. payloads.Select(p => new PubSubMessage(Encoding.UTF8.GetBytes("prices"), Encoding.UTF8.GetBytes(p), ReadOnlyMemory<byte>.Empty))]);

    private (IActorRef Reader, TestProbe Connection, CollectingOutput Output, TaskCompletionSource<int> Completion, TaskCompletionSource Ready) Start(ReaderSettings settings)
    {
        var connection = CreateTestProbe();
        var collected = new CollectingOutput();
        var completion = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Sys.ActorOf(ReaderActor.Props(settings, "127.0.0.1:6380", ForwardingConnection.Props(connection.Ref), collected, completion, ready));
        return (reader, connection, collected, completion, ready);
    }
}

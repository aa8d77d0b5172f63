using System.Net;
using System.Text;
using ActorRooms.Clients.Connection;
using ActorRooms.Clients.Hosting;
using ActorRooms.Clients.Prices;
using ActorRooms.Protocol.Resp;
using ActorRooms.Clients.Pump;
using ActorRooms.Clients.Terminal;
using ActorRooms.Clients.Tests.Support;
using Akka.Actor;
using Akka.TestKit;

namespace ActorRooms.Clients.Tests.Pump;

/// <summary>The pump's ticker on virtual time: each Advance fires the 10 ms timer exactly as often as it says.</summary>
public sealed class PumpActorSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(TestConfigs.VirtualTime, output)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task Should_publish_rate_times_interval_per_tick_when_connected()
    {
        var (_, connection, _) = await StartPumpAsync(TestConfigs.Pump with { Rate = 1000 });

        for (var tick = 0; tick < 3; tick++)
        {
            Scheduler.Advance(Tick);
            var commands = await connection.ExpectMsgAsync<SendCommands>();
            Assert.Equal(10, commands.Count);
            Assert.Equal(10, RespText.Commands(commands.Data).Count);
        }
    }

    [Fact]
    public async Task Should_carry_fractions_over_when_the_rate_is_not_a_whole_number_per_tick()
    {
        var (_, connection, _) = await StartPumpAsync(TestConfigs.Pump with { Rate = 250 });

        var counts = new List<int>();
        for (var tick = 0; tick < 8; tick++)
        {
            Scheduler.Advance(Tick);
            counts.Add((await connection.ExpectMsgAsync<SendCommands>()).Count);
        }

        // 2.5 per tick: 2 and 3 in turn, 20 in 8 ticks.
        Assert.Equal(20, counts.Sum());
        Assert.All(counts, c => Assert.InRange(c, 2, 3));
    }

    [Fact]
    public async Task Should_send_thousands_of_publishes_in_one_message_per_tick_when_the_rate_is_high()
    {
        var (_, connection, _) = await StartPumpAsync(TestConfigs.Pump with { Rate = 200_000, MaxInFlight = 1_000_000 });

        Scheduler.Advance(Tick);
        var commands = await connection.ExpectMsgAsync<SendCommands>();

        Assert.Equal(2000, commands.Count);
        Assert.Equal(2000, RespText.Commands(commands.Data).Count);
        await connection.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Should_publish_json_prices_round_robin_with_increasing_seq_when_ticking()
    {
        var settings = TestConfigs.Pump with { Rate = 1000, Symbols = ["AAPL", "EURUSD"], Seed = 5 };
        var (_, connection, _) = await StartPumpAsync(settings);

        Scheduler.Advance(Tick);
        var commands = RespText.Commands((await connection.ExpectMsgAsync<SendCommands>()).Data);

        var prices = commands.Select(c =>
        {
            Assert.Equal("PUBLISH", c[0]);
            Assert.Equal("prices", c[1]);
            Assert.True(PriceMessageFormat.TryRead(Encoding.UTF8.GetBytes(c[2]), out var message), c[2]);
            return message!;
        }).ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), prices.Select(p => p.Seq));
        Assert.Equal(Enumerable.Repeat(new[] { "AAPL", "EURUSD" }, 5).SelectMany(s => s), prices.Select(p => p.Symbol));
        Assert.All(prices, p => Assert.True(p.Price > 0));
    }

    [Fact]
    public async Task Should_publish_each_symbol_to_its_own_room_when_per_symbol_rooms_is_on()
    {
        var settings = TestConfigs.Pump with { Rate = 400, Symbols = ["AAPL", "MSFT"], PerSymbolRooms = true };
        var (_, connection, _) = await StartPumpAsync(settings);

        Scheduler.Advance(Tick);
        var commands = RespText.Commands((await connection.ExpectMsgAsync<SendCommands>()).Data);

        Assert.Equal(["prices.AAPL", "prices.MSFT", "prices.AAPL", "prices.MSFT"], commands.Select(c => c[1]));
    }

    [Fact]
    public async Task Should_wait_for_replies_when_the_in_flight_window_is_full()
    {
        var (pump, connection, _) = await StartPumpAsync(TestConfigs.Pump with { Rate = 100_000, MaxInFlight = 50 });

        Scheduler.Advance(Tick);
        Assert.Equal(50, (await connection.ExpectMsgAsync<SendCommands>()).Count);
        Scheduler.Advance(Tick);
        await connection.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));

        pump.Tell(new RedisReplies([.. Enumerable.Repeat(Integer(1), 20)]));
        await BarrierAsync(pump);
        Scheduler.Advance(Tick);

        Assert.Equal(20, (await connection.ExpectMsgAsync<SendCommands>()).Count);
    }

    [Fact]
    public async Task Should_not_publish_when_the_connection_is_down()
    {
        var (pump, connection, _) = await StartPumpAsync(TestConfigs.Pump with { Rate = 1000 });
        pump.Tell(new RedisDisconnected("the server closed the connection", TimeSpan.FromMilliseconds(100), 1));
        await BarrierAsync(pump);

        Scheduler.Advance(Tick * 5);
        await connection.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));

        pump.Tell(new RedisConnected(new IPEndPoint(IPAddress.Loopback, 6380)));
        await BarrierAsync(pump);
        Scheduler.Advance(Tick);

        // The time spent disconnected is not owed: one tick's worth, no burst.
        Assert.Equal(10, (await connection.ExpectMsgAsync<SendCommands>()).Count);
    }

    [Fact]
    public async Task Should_complete_with_exit_code_0_when_count_messages_are_sent_and_confirmed()
    {
        var (pump, connection, completion) = await StartPumpAsync(TestConfigs.Pump with { Rate = 1000, Count = 25 });

        var sent = 0;
        for (var tick = 0; tick < 5; tick++)
        {
            Scheduler.Advance(Tick);
            if (sent < 25)
            {
                sent += (await connection.ExpectMsgAsync<SendCommands>()).Count;
            }
        }

        Assert.Equal(25, sent);
        await connection.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
        Assert.False(completion.Task.IsCompleted);

        pump.Tell(new RedisReplies([.. Enumerable.Repeat(Integer(3), 25)]));

        Assert.Equal(ExitCodes.Ok, await completion.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Should_complete_with_the_unreachable_exit_code_when_the_connection_gives_up()
    {
        var (pump, _, completion) = await StartPumpAsync(TestConfigs.Pump);

        pump.Tell(new RedisGaveUp("Cannot reach 127.0.0.1:6380 (connection refused)"));

        Assert.Equal(ExitCodes.Unreachable, await completion.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    private static RespValue Integer(long value)
    {
        var reader = new RespReplyReader(RespReplyLimits.Default);
        reader.Feed(Encoding.ASCII.GetBytes($":{value}\r\n"));
        reader.TryRead(out var reply);
        return reply;
    }

    private async Task<(IActorRef Pump, TestProbe Connection, TaskCompletionSource<int> Completion)> StartPumpAsync(PumpSettings settings)
    {
        var connection = CreateTestProbe("connection");
        var completion = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pump = Sys.ActorOf(PumpActor.Props(
            settings with { TickInterval = Tick, StatusInterval = TimeSpan.FromSeconds(1) },
            ForwardingConnection.Props(connection.Ref),
            new ConsoleStatus(TextWriter.Null, interactive: false),
            completion));
        pump.Tell(new RedisConnected(new IPEndPoint(IPAddress.Loopback, 6380)));
        await BarrierAsync(pump);
        // Nothing is sent before the first tick.
        await connection.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
        return (pump, connection, completion);
    }

    /// <summary>
    /// Returns once the pump has handled everything sent to it before: the pump reads the (virtual) clock when it
    /// handles a message, so the clock must not move before it has. An empty message batch is acknowledged at once
    /// and queues behind the earlier messages.
    /// </summary>
    private async Task BarrierAsync(IActorRef pump)
    {
        pump.Tell(new RedisMessages([]), TestActor);
        await ExpectMsgAsync<MessagesHandled>();
    }
}

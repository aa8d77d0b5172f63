using ActorRooms.Broker.ClientDirectory;
using ActorRooms.Broker.Rooms;
using Akka.IO;
using Akka.TestKit;

namespace ActorRooms.Broker.Tests.Network;

/// <summary>
/// A query whose answer never comes (a room that stopped with the question on its way) must not hold the connection
/// for good: it is answered with an error, the replies behind it go out, and the connection reads again, so it sees
/// its client leave. Before, such a connection stayed forever (and was counted in connected_clients).
/// </summary>
public sealed class QueryTimeoutSpecs(ITestOutputHelper output)
    : Akka.TestKit.Xunit.TestKit("akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"", output: output)
{
    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task Should_answer_an_error_and_read_again_when_a_query_is_never_answered()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.OneReadAtATime);

        client.Receive("ROOM.MEMBERS gone\r\nPING\r\n");
        await client.Rooms.ExpectMsgAsync<QueryRoomMembers>();
        await AdvancePastQueryTimeoutAsync(client);

        const string expected = "-ERR no answer in time; try again\r\n+PONG\r\n";
        Assert.Equal(expected, await client.ReadAsync(expected.Length));
        await client.Tcp.FishForMessageAsync<Tcp.ResumeReading>(_ => true);
    }

    [Fact]
    public async Task Should_run_a_held_unsubscribe_when_the_query_before_it_times_out()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.Default);
        var room = CreateTestProbe();
        client.Receive("HELLO 3\r\nSUBSCRIBE a\r\nROOM.MEMBERS a\r\nUNSUBSCRIBE a\r\n");
        var join = await client.Rooms.ExpectMsgAsync<JoinRoom>();
        client.Connection.Tell(new RoomJoined(join.RequestId, "a"), room.Ref);
        await client.Rooms.ExpectMsgAsync<QueryRoomMembers>();

        await AdvancePastQueryTimeoutAsync(client);

        Assert.Equal("a", (await room.ExpectMsgAsync<LeaveRoom>()).Room);
    }

    // The question reaches the probe before the connection's turn ends and its timer starts: a round trip through the
    // connection's mailbox first, so the clock moves only once the timer is set.
    private async Task AdvancePastQueryTimeoutAsync(ConnectionHarness client)
    {
        client.Connection.Tell(new DescribeClient(7), TestActor);
        await ExpectMsgAsync<ClientDescribed>();
        Scheduler.Advance(TimeSpan.FromMinutes(1));
    }
}

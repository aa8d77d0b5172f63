using ActorRooms.Broker.Rooms;

namespace ActorRooms.Broker.Tests.Network;

/// <summary>
/// A query (PUBSUB, ROOM.MEMBERS, CLIENT LIST…) answers as of its place among the connection's commands: a later
/// subscription change in the same read waits until the answer is in, while PUBLISH never waits.
/// </summary>
public sealed class QueryOrderingSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Should_hold_a_later_unsubscribe_until_the_query_is_answered_when_both_come_in_one_read()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.Default);
        var room = CreateTestProbe();

        client.Receive("HELLO 3\r\nSUBSCRIBE a\r\nPUBSUB NUMSUB a\r\nUNSUBSCRIBE a\r\n");
        var join = await client.Rooms.ExpectMsgAsync<JoinRoom>();
        await client.Rooms.ExpectNoMsgAsync(Quiet);
        client.Connection.Tell(new RoomJoined(join.RequestId, "a"), room.Ref);

        // The question goes once the subscription is confirmed; the leave waits for its answer.
        var count = await client.Rooms.ExpectMsgAsync<CountSubscribers>();
        await room.ExpectNoMsgAsync(Quiet);
        client.Connection.Tell(new SubscribersCounted(count.RequestId, [1]), client.Rooms.Ref);

        var leave = await room.ExpectMsgAsync<LeaveRoom>();
        Assert.Equal("a", leave.Room);
    }

    [Fact]
    public async Task Should_hold_every_later_change_behind_each_query_when_queries_and_changes_alternate()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.Default);

        client.Receive("HELLO 3\r\nPUBSUB NUMPAT\r\nPSUBSCRIBE p*\r\nPUBSUB NUMPAT\r\nPUNSUBSCRIBE p*\r\n");
        var first = await client.Rooms.ExpectMsgAsync<CountPatterns>();
        await client.Rooms.ExpectNoMsgAsync(Quiet);
        client.Connection.Tell(new PatternsCounted(first.RequestId, 0), client.Rooms.Ref);

        var subscribe = await client.Rooms.ExpectMsgAsync<SubscribePattern>();
        await client.Rooms.ExpectNoMsgAsync(Quiet);
        client.Connection.Tell(new PatternRoomsNotified(subscribe.RequestId, 0), client.Rooms.Ref);

        var second = await client.Rooms.ExpectMsgAsync<CountPatterns>();
        await client.Rooms.ExpectNoMsgAsync(Quiet);
        client.Connection.Tell(new PatternsCounted(second.RequestId, 1), client.Rooms.Ref);

        Assert.Equal("p*", (await client.Rooms.ExpectMsgAsync<UnsubscribePattern>()).Pattern);
    }

    [Fact]
    public async Task Should_send_a_later_publish_at_once_when_a_query_waits_for_its_answer()
    {
        var client = await ConnectionHarness.StartAsync(this, TestSettings.Default);

        client.Receive("PUBSUB NUMPAT\r\nPUBLISH a x\r\n");

        // Nothing is answered, yet both have left: the publish does not wait behind the query.
        await client.Rooms.ExpectMsgAsync<PublishBatch>();
        await client.Rooms.ExpectMsgAsync<CountPatterns>();
    }
}

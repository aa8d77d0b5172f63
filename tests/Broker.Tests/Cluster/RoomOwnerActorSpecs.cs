using System.Text;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit;

namespace ActorRooms.Broker.Tests.Cluster;

/// <summary>A room's owner, with probes standing in for the node rooms that follow it and for its shard.</summary>
public sealed class RoomOwnerActorSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    private readonly PatternInterestTable _patterns = new();
    private readonly OwnerFence _fence = new();

    [Fact]
    public async Task Should_answer_a_registration_with_its_ledger_and_send_every_later_batch_to_the_follower()
    {
        var (owner, _) = StartOwner("px");
        var publisher = CreateTestProbe();
        var follower = CreateTestProbe();
        owner.Tell(Batch("px", 1, "before"), publisher.Ref);
        await publisher.ExpectMsgAsync<OwnerAck>();

        owner.Tell(new FollowRoom("px"), follower.Ref);
        owner.Tell(Batch("px", 2, "after"), publisher.Ref);

        var followed = await follower.ExpectMsgAsync<RoomFollowed>();
        Assert.Equal(1, followed.LastSeq);
        Assert.Equal(["before"], RoomEntryList.Unpack(followed.History).Select(e => Text(e.Payload)));
        var batch = await follower.ExpectMsgAsync<OrderedBatch>();
        Assert.Equal((followed.Epoch, 2L, false), (batch.Epoch, batch.FirstSeq, batch.ForPatterns));
        Assert.Equal(["after"], PackedPayloads.Unpack(batch.Payloads).Payloads.Select(Text));
        Assert.Equal(2, (await publisher.ExpectMsgAsync<OwnerAck>()).Ticket);
        await follower.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Should_send_each_batch_once_to_each_follower_in_the_owners_order_even_when_one_registers_twice()
    {
        var (owner, _) = StartOwner("px");
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        owner.Tell(new FollowRoom("px"), first.Ref);
        owner.Tell(new FollowRoom("px"), second.Ref);
        owner.Tell(new FollowRoom("px"), first.Ref);
        await first.ExpectMsgAsync<RoomFollowed>();
        await first.ExpectMsgAsync<RoomFollowed>();
        await second.ExpectMsgAsync<RoomFollowed>();

        for (var ticket = 1; ticket <= 3; ticket++)
        {
            owner.Tell(Batch("px", ticket, $"m{ticket}"), TestActor);
        }

        foreach (var follower in new[] { first, second })
        {
            var seqs = new List<long>();
            for (var i = 0; i < 3; i++)
            {
                seqs.Add((await follower.ExpectMsgAsync<OrderedBatch>()).FirstSeq);
            }

            Assert.Equal([1L, 2L, 3L], seqs);
            await follower.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        }
    }

    [Fact]
    public async Task Should_answer_a_repair_with_the_history_after_the_followers_last_seq_only()
    {
        var (owner, _) = StartOwner("px");
        var follower = CreateTestProbe();
        owner.Tell(new FollowRoom("px"), follower.Ref);
        var epoch = (await follower.ExpectMsgAsync<RoomFollowed>()).Epoch;
        owner.Tell(Batch("px", 1, "a", "b", "c"), TestActor);
        await follower.ExpectMsgAsync<OrderedBatch>();

        owner.Tell(new FollowRoom("px", epoch, 3), follower.Ref);

        var repair = await follower.ExpectMsgAsync<RoomFollowed>();
        Assert.Equal([3L], RoomEntryList.Unpack(repair.History).Select(e => e.Seq));
    }

    [Fact]
    public async Task Should_stop_sending_to_a_follower_that_unregisters_or_stops()
    {
        var (owner, _) = StartOwner("px");
        var leaving = CreateTestProbe();
        var dying = CreateTestProbe();
        var staying = CreateTestProbe();
        foreach (var follower in new[] { leaving, dying, staying })
        {
            owner.Tell(new FollowRoom("px"), follower.Ref);
            await follower.ExpectMsgAsync<RoomFollowed>();
        }

        owner.Tell(new UnfollowRoom("px"), leaving.Ref);
        await WatchAsync(dying.Ref);
        Sys.Stop(dying.Ref);
        await ExpectTerminatedAsync(dying.Ref);
        owner.Tell(Batch("px", 1, "x"), TestActor);

        // The staying follower's batch marks the point where the others would have had theirs.
        await staying.ExpectMsgAsync<OrderedBatch>();
        await leaving.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Should_send_a_pattern_copy_to_the_nodes_whose_patterns_match_the_room_only()
    {
        var (owner, _) = StartOwner("px.eur");
        var matching = CreateTestProbe();
        var other = CreateTestProbe();
        _patterns.Set(matching.Ref, "px.*", holds: true);
        _patterns.Set(other.Ref, "fx.*", holds: true);

        owner.Tell(Batch("px.eur", 1, "1.08"), TestActor);

        var copy = await matching.ExpectMsgAsync<OrderedBatch>();
        Assert.True(copy.ForPatterns);
        await ExpectMsgAsync<OwnerAck>();
        await other.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));

        // The table changed after the owner cached its matches: the next batch follows the new table.
        _patterns.Set(matching.Ref, "px.*", holds: false);
        _patterns.Set(other.Ref, "px.e*", holds: true);
        owner.Tell(Batch("px.eur", 2, "1.09"), TestActor);
        Assert.True((await other.ExpectMsgAsync<OrderedBatch>()).ForPatterns);
        await ExpectMsgAsync<OwnerAck>();
        await matching.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Should_passivate_when_idle_only_while_no_node_follows_it()
    {
        var (owner, shard) = StartOwner("px", passivateAfter: TimeSpan.FromMilliseconds(300));
        var follower = CreateTestProbe();
        owner.Tell(new FollowRoom("px"), follower.Ref);
        await follower.ExpectMsgAsync<RoomFollowed>();

        await shard.ExpectNoMsgAsync(TimeSpan.FromSeconds(1));
        owner.Tell(new UnfollowRoom("px"), follower.Ref);

        var passivate = await shard.ExpectMsgAsync<Passivate>(TimeSpan.FromSeconds(3));
        await WatchAsync(owner);
        owner.Tell(passivate.StopMessage, shard.Ref);
        await ExpectTerminatedAsync(owner);
    }

    [Fact]
    public async Task Should_ask_its_followers_to_register_again_when_it_restarts_after_a_failure()
    {
        var (owner, _) = StartOwner("px");
        var follower = CreateTestProbe();
        owner.Tell(new FollowRoom("px"), follower.Ref);
        await follower.ExpectMsgAsync<RoomFollowed>();

        // A batch that cannot be unpacked makes the owner throw; its shard restarts it with empty state.
        owner.Tell(new BatchToOrder("px", 1, new byte[] { 1, 2 }), TestActor);

        Assert.Equal(new FollowAgain("px"), await follower.ExpectMsgAsync<FollowAgain>());
    }

    [Fact]
    public async Task Should_answer_last_values_and_say_when_it_has_never_ordered_anything()
    {
        var (owner, _) = StartOwner("px");

        owner.Tell(new LastValuesAsked("px", null), TestActor);
        Assert.False((await ExpectMsgAsync<LastValuesAnswered>()).Known);
        owner.Tell(new BatchToOrder("px", 1, PackedPayloads.Pack([Encoding.Latin1.GetBytes("1.08"), Encoding.Latin1.GetBytes("1.09")], ["EUR", "EUR"])), TestActor);
        await ExpectMsgAsync<OwnerAck>();
        owner.Tell(new LastValuesAsked("px", "EUR"), TestActor);

        var answer = await ExpectMsgAsync<LastValuesAnswered>();
        Assert.Equal((true, 2L), (answer.Known, answer.LastSeq));
        Assert.Equal(["1.09"], RoomEntryList.Unpack(answer.Values).Select(e => Text(e.Payload)));
    }

    [Fact]
    public async Task Should_hold_batches_unordered_while_its_node_reaches_no_majority_and_order_them_in_turn_after()
    {
        var (owner, _) = StartOwner("px");
        var follower = CreateTestProbe();
        owner.Tell(new FollowRoom("px"), follower.Ref);
        await follower.ExpectMsgAsync<RoomFollowed>();
        owner.Tell(Batch("px", 1, "before"), TestActor);
        Assert.Equal(1, (await ExpectMsgAsync<OwnerAck>()).Ticket);
        Assert.Equal(1, (await follower.ExpectMsgAsync<OrderedBatch>()).FirstSeq);

        Assert.True(_fence.Update(members: 3, unreachable: 2));
        owner.Tell(Batch("px", 2, "cut off"), TestActor);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        await follower.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));

        Assert.True(_fence.Update(members: 3, unreachable: 0));
        owner.Tell(Batch("px", 3, "healed"), TestActor);
        Assert.Equal(2, (await ExpectMsgAsync<OwnerAck>()).Ticket);
        Assert.Equal(3, (await ExpectMsgAsync<OwnerAck>()).Ticket);
        var held = await follower.ExpectMsgAsync<OrderedBatch>();
        var after = await follower.ExpectMsgAsync<OrderedBatch>();
        Assert.Equal((2L, 3L), (held.FirstSeq, after.FirstSeq));
        Assert.Equal(["cut off"], PackedPayloads.Unpack(held.Payloads).Payloads.Select(Text));
    }

    [Fact]
    public async Task Should_hold_batches_while_its_nodes_lease_has_run_out()
    {
        var (owner, _) = StartOwner("px");
        _fence.Update(members: 3, unreachable: 0);
        _fence.Renew(Environment.TickCount64 - 1);
        owner.Tell(Batch("px", 1, "no lease"), TestActor);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));

        _fence.Renew(Environment.TickCount64 + 60_000);
        Assert.Equal(1, (await ExpectMsgAsync<OwnerAck>()).Ticket);
    }

    private (IActorRef Owner, TestProbe Shard) StartOwner(string room, TimeSpan? passivateAfter = null)
    {
        var shard = CreateTestProbe();
        // A shard restarts an entity that fails, as the default strategy does.
        var owner = shard.ChildActorOf(RoomOwnerActor.Props(room, RoomFeatureSettings.Default, _patterns, _fence, passivateAfter ?? TimeSpan.Zero), SupervisorStrategy.DefaultStrategy);
        return (owner, shard);
    }

    private static BatchToOrder Batch(string room, long ticket, params string[] payloads) =>
        new(room, ticket, PackedPayloads.Pack(payloads.Select(p => (ReadOnlyMemory<byte>)Encoding.Latin1.GetBytes(p)).ToList()));

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.Latin1.GetString(bytes.Span);
}

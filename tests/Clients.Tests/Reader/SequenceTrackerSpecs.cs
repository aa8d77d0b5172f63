using ActorRooms.Protocol.PubSub;
using ActorRooms.Clients.Reader;

namespace ActorRooms.Clients.Tests.Reader;

public sealed class SequenceTrackerSpecs
{
    [Fact]
    public void Should_count_no_gap_when_every_skipped_seq_was_announced_by_a_gap_or_conflation_notice()
    {
        var tracker = new SequenceTracker();

        tracker.Observe(new RoomPushHeader("roomjoined", 9, 10, 1));
        Feed(tracker, 9, 11, 12);
        tracker.Observe(new RoomPushHeader("roomgap", 9, 13, 20));
        Feed(tracker, 9, 21);
        tracker.Observe(new RoomPushHeader("roomconflated", 9, 22, 30));
        Feed(tracker, 9, 25, 30, 31);

        Assert.Equal(0, tracker.UnexplainedGaps);
        Assert.Equal(8, tracker.Dropped);
        Assert.Equal(1, tracker.Conflations);
        Assert.Equal(31, tracker.LastSeq);
    }

    [Fact]
    public void Should_count_an_unexplained_gap_with_its_missing_messages_when_a_seq_is_skipped_silently()
    {
        var tracker = new SequenceTracker();

        tracker.Observe(new RoomPushHeader("roomjoined", 9, 0, 1));
        Feed(tracker, 9, 1, 2, 5, 6);

        Assert.Equal(1, tracker.UnexplainedGaps);
        Assert.Equal(2, tracker.UnexplainedMissing);
    }

    [Fact]
    public void Should_count_a_reset_and_start_again_when_the_epoch_changes()
    {
        var tracker = new SequenceTracker();

        tracker.Observe(new RoomPushHeader("roomjoined", 9, 0, 1));
        Feed(tracker, 9, 1, 2);
        tracker.Observe(new RoomPushHeader("roomreset", 10, 0, 0));
        Feed(tracker, 10, 1, 2);
        Feed(tracker, 11, 7, 8);

        Assert.Equal(2, tracker.Resets);
        Assert.Equal(0, tracker.UnexplainedGaps);
    }

    [Fact]
    public void Should_accept_the_snapshots_older_seqs_when_the_join_asked_for_a_snapshot()
    {
        var tracker = new SequenceTracker();

        tracker.Observe(new RoomPushHeader("roomjoined", 9, 40, 1));
        tracker.ExpectSnapshot();
        Feed(tracker, 9, 3, 17, 40);
        tracker.Observe(new RoomPushHeader("roomsnapshot", 9, 40, 3));
        Feed(tracker, 9, 41, 42);

        Assert.Equal(0, tracker.UnexplainedGaps);
        Assert.Equal(42, tracker.LastSeq);
    }

    private static void Feed(SequenceTracker tracker, long epoch, params long[] seqs)
    {
        foreach (var seq in seqs)
        {
            tracker.Observe(new RoomPushHeader("roommsg", epoch, seq, seq));
        }
    }
}

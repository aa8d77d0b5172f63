using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Rooms.Ordering;

namespace ActorRooms.Broker.Tests.Rooms.Ordering;

public sealed class LedgerMirrorSpecs
{
    private static readonly RoomFeatureSettings Features = RoomFeatureSettings.Default;

    [Fact]
    public void Should_take_the_owners_ledger_when_first_followed()
    {
        var mirror = new LedgerMirror(Features);

        var update = mirror.Follow(Followed(epoch: 7, lastSeq: 2, Entry(1, "a"), Entry(2, "b")));

        Assert.Empty(update.Missed);
        Assert.Null(update.Reset);
        Assert.Equal(7, mirror.FollowedEpoch);
        Assert.Equal(7, mirror.Ledger.Epoch);
        Assert.Equal(2, mirror.Ledger.LastSeq);
        Assert.Equal(2, mirror.Ledger.HistoryCount);
    }

    [Fact]
    public void Should_add_only_what_the_copy_lacks_when_a_repair_answers()
    {
        var mirror = new LedgerMirror(Features);
        mirror.Follow(Followed(epoch: 7, lastSeq: 1, Entry(1, "a")));

        var update = mirror.Follow(Followed(epoch: 7, lastSeq: 3, Entry(1, "a"), Entry(2, "b"), Entry(3, "c")));

        Assert.Equal([2L, 3L], update.Missed.Select(e => e.Seq));
        Assert.Null(update.Reset);
        Assert.Equal(3, mirror.Ledger.LastSeq);
    }

    [Fact]
    public void Should_start_a_new_copy_and_ask_for_a_reset_when_the_owner_has_a_new_epoch()
    {
        var mirror = new LedgerMirror(Features);
        mirror.Follow(Followed(epoch: 7, lastSeq: 5));

        var update = mirror.Follow(Followed(epoch: 8, lastSeq: 2, Entry(1, "x"), Entry(2, "y")));

        Assert.Equal((8L, 0L), update.Reset);
        Assert.Equal(7, update.PreviousEpoch);
        Assert.Equal([1L, 2L], update.Missed.Select(e => e.Seq));
        Assert.Equal(8, mirror.Ledger.Epoch);
    }

    [Fact]
    public void Should_number_a_batch_as_the_owner_did_and_skip_what_it_already_has()
    {
        var mirror = new LedgerMirror(Features);
        mirror.Follow(Followed(epoch: 7, lastSeq: 1, Entry(1, "a")));
        var batch = Batch(epoch: 7, firstSeq: 1);

        Assert.False(mirror.HasGapBefore(batch));
        var entries = mirror.Apply(batch, TestPayloads.Of("a", "b"), null);

        Assert.Equal([2L], entries.Select(e => e.Seq));
        Assert.Empty(mirror.Apply(batch, TestPayloads.Of("a", "b"), null));
    }

    [Fact]
    public void Should_see_a_gap_and_a_new_epoch_when_batches_say_so()
    {
        var mirror = new LedgerMirror(Features);
        mirror.Follow(Followed(epoch: 7, lastSeq: 1));

        Assert.True(mirror.HasGapBefore(Batch(epoch: 7, firstSeq: 3)));
        Assert.True(mirror.IsNewEpoch(Batch(epoch: 9, firstSeq: 1)));

        var entries = mirror.Apply(Batch(epoch: 9, firstSeq: 4), TestPayloads.Of("z"), null);
        Assert.Equal(9, mirror.Ledger.Epoch);
        Assert.Equal(9, mirror.FollowedEpoch);
        Assert.Equal([4L], entries.Select(e => e.Seq));
    }

    [Fact]
    public void Should_not_see_a_new_epoch_before_the_first_registration()
    {
        var mirror = new LedgerMirror(Features);

        Assert.False(mirror.IsNewEpoch(Batch(epoch: 9, firstSeq: 1)));
    }

    [Fact]
    public void Should_ask_for_a_reset_when_members_saw_its_own_epoch_before_the_owner_first_answered()
    {
        // The registration was overdue: a ROOM.JOIN was answered with this copy's own epoch, then the owner answers.
        var mirror = new LedgerMirror(Features);
        var own = mirror.Ledger.Epoch;
        mirror.ShowOwnEpoch();

        var update = mirror.Follow(Followed(epoch: 9, lastSeq: 2, Entry(1, "a"), Entry(2, "b")));

        Assert.Equal((9L, 0L), update.Reset);
        Assert.Equal(own, update.PreviousEpoch);
        Assert.Equal([1L, 2L], update.Missed.Select(e => e.Seq));
        Assert.Equal(9, mirror.FollowedEpoch);
    }

    [Fact]
    public void Should_see_the_owners_first_batch_as_a_new_epoch_when_members_saw_its_own_epoch()
    {
        var mirror = new LedgerMirror(Features);
        mirror.ShowOwnEpoch();

        Assert.True(mirror.IsNewEpoch(Batch(epoch: 9, firstSeq: 1)));
        mirror.Apply(Batch(epoch: 9, firstSeq: 1), [new byte[] { 1 }], null);
        Assert.False(mirror.IsNewEpoch(Batch(epoch: 9, firstSeq: 2)));
    }

    private static RoomEntry Entry(long seq, string payload) => new(seq, null, 1, System.Text.Encoding.Latin1.GetBytes(payload));

    private static RoomFollowed Followed(long epoch, long lastSeq, params RoomEntry[] history) =>
        new("px", epoch, lastSeq, RoomEntryList.Pack(history), RoomEntryList.Pack([]));

    private static OrderedBatch Batch(long epoch, long firstSeq) => new("px", ReadOnlyMemory<byte>.Empty, ForPatterns: false, epoch, firstSeq, 1);
}

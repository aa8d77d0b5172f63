using System.Text;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Rooms.Ledger;
using FsCheck;
using FsCheck.Fluent;

namespace ActorRooms.Broker.Tests.Rooms.Ledger;

public sealed class RoomLedgerSpecs
{
    private const long Now = 1_764_150_000_000;

    private static RoomFeatureSettings Limits(int historySize = 1000, long historyMaxBytes = 1 << 24, int maxKeys = 100) =>
        RoomFeatureSettings.Default with { HistorySize = historySize, HistoryMaxBytes = historyMaxBytes, MaxKeys = maxKeys };

    [Fact]
    public void Should_number_messages_from_one_without_gaps_when_batches_are_appended()
    {
        var ledger = new RoomLedger(Limits());

        var first = ledger.Append(Payloads("a", "b"), null, Now);
        var second = ledger.Append(Payloads("c"), ["k"], Now + 1);

        Assert.Equal([1L, 2L], first.Select(e => e.Seq));
        Assert.Equal(3, second[0].Seq);
        Assert.Equal("k", second[0].Key);
        Assert.Equal(Now + 1, second[0].TimeMs);
        Assert.Equal(3, ledger.LastSeq);
        Assert.Equal(1, ledger.OldestSeq);
    }

    [Fact]
    public void Should_keep_its_own_copy_of_payloads_when_the_publisher_buffer_changes()
    {
        var ledger = new RoomLedger(Limits());
        var received = Encoding.ASCII.GetBytes("plainkeyed");

        ledger.Append([received.AsMemory(0, 5), received.AsMemory(5, 5)], [null, "k"], Now);
        Array.Fill(received, (byte)'x');

        var replay = ledger.Replay(1);
        Assert.Equal(["plain", "keyed"], replay.Entries.Select(e => Encoding.ASCII.GetString(e.Payload.Span)));
        Assert.True(ledger.TryGetLastValue("k", out var last));
        Assert.Equal("keyed", Encoding.ASCII.GetString(last.Payload.Span));
    }

    [Fact]
    public void Should_choose_a_new_positive_epoch_when_each_ledger_is_created()
    {
        var epochs = Enumerable.Range(0, 50).Select(_ => new RoomLedger(Limits()).Epoch).ToList();

        Assert.All(epochs, e => Assert.True(e > 0));
        Assert.Equal(epochs.Count, epochs.Distinct().Count());
    }

    [Fact]
    public void Should_report_the_oldest_available_seq_when_the_history_no_longer_reaches_back()
    {
        var ledger = new RoomLedger(Limits(historySize: 3));
        ledger.Append(Payloads("1", "2", "3", "4", "5"), null, Now);

        var replay = ledger.Replay(2);

        Assert.Equal(3, replay.ExhaustedOldest);
        Assert.Equal(2, replay.RequestedFrom);
        Assert.Equal([3L, 4L, 5L], replay.Entries.Select(e => e.Seq));
    }

    [Fact]
    public void Should_replay_without_notice_when_the_history_reaches_back()
    {
        var ledger = new RoomLedger(Limits(historySize: 3));
        ledger.Append(Payloads("1", "2", "3", "4", "5"), null, Now);

        Assert.Null(ledger.Replay(4).ExhaustedOldest);
        Assert.Equal([4L, 5L], ledger.Replay(4).Entries.Select(e => e.Seq));
        Assert.Equal([4L, 5L], ledger.ReplayLast(2).Entries.Select(e => e.Seq));
        Assert.Empty(ledger.Replay(6).Entries);
        Assert.Null(ledger.Replay(6).ExhaustedOldest);
        Assert.Equal(3, ledger.ReplayLast(10).ExhaustedOldest);
    }

    [Fact]
    public void Should_drop_the_oldest_history_when_its_bytes_pass_the_bound()
    {
        var ledger = new RoomLedger(Limits(historySize: 100, historyMaxBytes: 10));

        ledger.Append(Payloads("aaaa", "bbbb", "cccc"), null, Now);

        Assert.Equal(2, ledger.HistoryCount);
        Assert.Equal(2, ledger.OldestSeq);
        Assert.Equal(8, ledger.Telemetry(Now).HistoryBytes);
    }

    [Fact]
    public void Should_keep_the_last_value_per_key_in_update_order_and_forget_the_stalest_key_past_the_bound()
    {
        var ledger = new RoomLedger(Limits(maxKeys: 2));

        ledger.Append(Payloads("a1", "b1", "a2", "c1"), ["a", "b", "a", "c"], Now);

        Assert.Equal(["a", "c"], ledger.LastValues().Select(e => e.Key));
        Assert.Equal([3L, 4L], ledger.LastValues().Select(e => e.Seq));
        Assert.False(ledger.TryGetLastValue("b", out _));
        Assert.Equal(1, ledger.Telemetry(Now).KeysEvicted);
    }

    [Fact]
    public void Should_count_messages_in_and_out_per_second_when_batches_are_delivered()
    {
        var ledger = new RoomLedger(Limits());
        ledger.Append(Payloads("a", "b", "c"), null, Now);
        ledger.Delivered(3, 4, Now);

        var telemetry = ledger.Telemetry(Now + 1000);

        Assert.Equal(3, telemetry.MessagesIn);
        Assert.Equal(12, telemetry.MessagesOut);
        Assert.Equal(3, telemetry.MessagesInPerSecond);
        Assert.Equal(12, telemetry.MessagesOutPerSecond);
        Assert.Equal(4, telemetry.LastFanOut);
        Assert.Equal(Now, telemetry.LastPublishMs);
        Assert.Equal(0, ledger.Telemetry(Now + 5000).MessagesInPerSecond);
    }

    [Fact]
    public void Should_hold_the_last_min_n_size_seqs_contiguously_whatever_the_batches()
    {
        // Arrange: random history sizes and batch sizes; the oracle is "the newest min(total, size) seqs, in order".
        var cases = Gen.Choose(0, 20).Zip(Gen.Choose(0, 12).ListOf().Resize(30)).ToArbitrary();

        // Act
        var property = Prop.ForAll(cases, c =>
        {
            var (size, batches) = c;
            var ledger = new RoomLedger(Limits(historySize: size));
            long total = 0;
            foreach (var count in batches)
            {
                ledger.Append(Payloads([.. Enumerable.Range(0, count).Select(i => $"m{i}")]), null, Now);
                total += count;
            }

            var held = ledger.Replay(1).Entries.Select(e => e.Seq).ToList();
            var expected = Enumerable.Range(0, (int)Math.Min(total, size)).Select(i => total - Math.Min(total, size) + 1 + i).ToList();
            var exhaustedRight = (total > size && size >= 0 && total > 0) == (ledger.Replay(1).ExhaustedOldest is not null);
            return (held.SequenceEqual(expected) && ledger.LastSeq == total && exhaustedRight)
                .Label($"size {size}, batches [{string.Join(",", batches)}]: held [{string.Join(",", held)}]");
        });

        // Assert
        property.Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Should_continue_the_owner_numbering_with_its_history_and_last_values_when_restored_from_a_mirror()
    {
        var owner = new RoomLedger(Limits(historySize: 3), epoch: 77);
        owner.Append(Payloads("a", "b", "c", "d"), ["EUR", null, "USD", "EUR"], Now);

        var copy = RoomLedger.Restore(Limits(historySize: 3), owner.Epoch, owner.LastSeq, owner.Replay(1).Entries, owner.LastValues());
        var next = copy.Append(Payloads("e"), null, Now + 1);

        Assert.Equal(77, copy.Epoch);
        Assert.Equal(5, next[0].Seq);
        // The owner kept 3 of its 4 messages (history-size 3); the copy has those, then its own next one.
        var replay = copy.Replay(2);
        Assert.Equal(3, replay.ExhaustedOldest);
        Assert.Equal([3L, 4L, 5L], replay.Entries.Select(e => e.Seq));
        Assert.Equal(["USD", "EUR"], copy.LastValues().Select(e => e.Key));
        Assert.True(copy.TryGetLastValue("EUR", out var eur));
        Assert.Equal("d", Encoding.ASCII.GetString(eur.Payload.Span));
    }

    [Fact]
    public void Should_empty_the_history_and_report_it_exhausted_when_the_numbering_skips_missed_messages()
    {
        var ledger = new RoomLedger(Limits(), epoch: 5);
        ledger.Append(Payloads("a", "b"), null, Now);

        ledger.SkipTo(10);
        var next = ledger.Append(Payloads("k"), null, Now);
        var replay = ledger.Replay(1);

        Assert.Equal(11, next[0].Seq);
        Assert.Equal(11, replay.ExhaustedOldest);
        Assert.Equal([11L], replay.Entries.Select(e => e.Seq));
    }

    private static ReadOnlyMemory<byte>[] Payloads(params string[] texts) =>
        [.. texts.Select(t => (ReadOnlyMemory<byte>)Encoding.ASCII.GetBytes(t))];
}

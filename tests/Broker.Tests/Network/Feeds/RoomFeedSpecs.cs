using System.Buffers;
using System.Text;
using ActorRooms.Broker.Network.Feeds;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Rooms;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Tests.Network.Feeds;

public sealed class RoomFeedSpecs
{
    private const long Epoch = 77;

    [Fact]
    public void Should_report_the_exact_dropped_range_and_keep_the_newest_when_a_drop_oldest_backlog_overflows()
    {
        // Arrange: each payload is 10 bytes; the backlog holds 30 bytes, so of 1..8 only 6, 7, 8 survive.
        var feed = new RoomFeed("px", RoomMemberPolicy.DropOldest, 0, RoomJoinOptions.LiveOnly);

        // Act
        feed.TakeWhileBehind(Entries(1, 5, key: null), Epoch, 30, 100, out var delta, out var dropped, out _);
        feed.TakeWhileBehind(Entries(6, 3, key: null), Epoch, 30, 100, out _, out var droppedLater, out _);
        var written = Drain(feed);

        // Assert
        Assert.Equal(30, delta);
        Assert.Equal(2, dropped);
        Assert.Equal(3, droppedLater);
        Assert.Equal(5, feed.Dropped);
        Assert.Equal(
            "*5\r\n$7\r\nroomgap\r\n$2\r\npx\r\n:77\r\n:1\r\n:5\r\n" + Message(6, null) + Message(7, null) + Message(8, null),
            written);
        Assert.False(feed.IsBehind);
        Assert.Equal(0, feed.BacklogBytes);
    }

    [Fact]
    public void Should_keep_only_the_newest_message_per_key_in_seq_order_when_conflating()
    {
        var feed = new RoomFeed("px", RoomMemberPolicy.Conflate, 0, RoomJoinOptions.LiveOnly);
        var entries = new[] { Entry(1, "a"), Entry(2, "b"), Entry(3, "a"), Entry(4, null), Entry(5, "b"), Entry(6, null) };

        var fits = feed.TakeWhileBehind(entries, Epoch, 1 << 20, 100, out var delta, out _, out var conflated);
        var written = Drain(feed);

        Assert.True(fits);
        Assert.Equal(3, conflated);
        Assert.Equal(30, delta);
        Assert.Equal(
            "*5\r\n$13\r\nroomconflated\r\n$2\r\npx\r\n:77\r\n:1\r\n:6\r\n" + Message(3, "a") + Message(5, "b") + Message(6, null),
            written);
    }

    [Fact]
    public void Should_refuse_to_conflate_more_keys_than_the_bound()
    {
        var feed = new RoomFeed("px", RoomMemberPolicy.Conflate, 0, RoomJoinOptions.LiveOnly);

        var fits = feed.TakeWhileBehind([Entry(1, "a"), Entry(2, "b"), Entry(3, "c")], Epoch, 1 << 20, 2, out _, out _, out _);

        Assert.False(fits);
    }

    private static string Drain(RoomFeed feed)
    {
        var writer = new ArrayBufferWriter<byte>();
        feed.DrainTo(writer, RespProtocol.Resp2);
        return Encoding.Latin1.GetString(writer.WrittenSpan);
    }

    private static RoomEntry[] Entries(long from, int count, string? key) =>
        [.. Enumerable.Range(0, count).Select(i => Entry(from + i, key))];

    // Payloads of exactly 10 bytes: "payload-07".
    private static RoomEntry Entry(long seq, string? key) => new(seq, key, 1000, Encoding.ASCII.GetBytes($"payload-{seq:00}"));

    private static string Message(long seq, string? key) =>
        $"*7\r\n$7\r\nroommsg\r\n$2\r\npx\r\n:77\r\n:{seq}\r\n{(key is null ? "$-1" : $"$1\r\n{key}")}\r\n:1000\r\n$10\r\npayload-{seq:00}\r\n";
}

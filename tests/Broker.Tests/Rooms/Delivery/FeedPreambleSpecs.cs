using System.Text;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Tests.Rooms.Delivery;

public sealed class FeedPreambleSpecs
{
    private static readonly byte[] Room = Encoding.Latin1.GetBytes("px");

    [Fact]
    public void Should_write_nothing_when_the_join_is_live_only()
    {
        var ledger = Ledger(historySize: 10);

        var preamble = FeedPreamble.Write(ledger, Room, FrameHeads.RoomMessage(Room), Join(RoomJoinOptions.LiveOnly));

        Assert.True(preamble.IsEmpty);
    }

    [Fact]
    public void Should_write_last_values_then_the_snapshot_marker_when_a_snapshot_is_asked_for()
    {
        var ledger = Ledger(historySize: 10);

        var text = Write(ledger, RoomJoinOptions.LiveOnly with { Snapshot = true });

        Assert.Equal(
            $"*7\r\n$7\r\nroommsg\r\n$2\r\npx\r\n:{ledger.Epoch}\r\n:3\r\n$1\r\nk\r\n:1\r\n$1\r\nc\r\n"
            + $"*5\r\n$12\r\nroomsnapshot\r\n$2\r\npx\r\n:{ledger.Epoch}\r\n:3\r\n:1\r\n",
            text);
    }

    [Fact]
    public void Should_say_the_history_is_exhausted_then_replay_what_is_left_when_from_reaches_too_far_back()
    {
        var ledger = Ledger(historySize: 2);

        var text = Write(ledger, RoomJoinOptions.LiveOnly with { From = 1 });

        Assert.StartsWith($"*5\r\n$13\r\nroomexhausted\r\n$2\r\npx\r\n:{ledger.Epoch}\r\n:1\r\n:2\r\n", text);
        Assert.EndsWith("$1\r\nb\r\n*7\r\n$7\r\nroommsg\r\n$2\r\npx\r\n:" + ledger.Epoch + "\r\n:3\r\n$1\r\nk\r\n:1\r\n$1\r\nc\r\n", text);
    }

    [Fact]
    public void Should_start_with_a_reset_when_joining_again_after_a_lost_room()
    {
        var ledger = Ledger(historySize: 10);

        var text = Write(ledger, RoomJoinOptions.LiveOnly with { Last = 1 }, afterRoomLoss: true);

        Assert.StartsWith($"*4\r\n$9\r\nroomreset\r\n$2\r\npx\r\n:{ledger.Epoch}\r\n:3\r\n*7\r\n$7\r\nroommsg\r\n", text);
        Assert.EndsWith("$1\r\nc\r\n", text);
    }

    private static string Write(RoomLedger ledger, RoomJoinOptions options, bool afterRoomLoss = false) =>
        Encoding.Latin1.GetString(FeedPreamble.Write(ledger, Room, FrameHeads.RoomMessage(Room), Join(options, afterRoomLoss)).ToArray());

    private static JoinRoomFeed Join(RoomJoinOptions options, bool afterRoomLoss = false) =>
        new(1, "px", RespProtocol.Resp2, options, 1, null, afterRoomLoss);

    // Three messages: a, b unkeyed at time 1; c keyed k at time 1.
    private static RoomLedger Ledger(int historySize)
    {
        var ledger = new RoomLedger(RoomFeatureSettings.Default with { HistorySize = historySize });
        ledger.Append(["a"u8.ToArray(), "b"u8.ToArray()], null, 1);
        ledger.Append(["c"u8.ToArray()], ["k"], 1);
        return ledger;
    }
}

using System.Buffers;
using System.Text;
using ActorRooms.Broker.Network.Replies;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Rooms;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Tests.Network.Replies;

public sealed class RoomRepliesSpecs
{
    [Fact]
    public void Should_write_members_as_a_flat_array_in_resp2_and_a_map_in_resp3()
    {
        RoomMemberState[] members = [new(4, null, true, null, 0)];

        Assert.Equal(
            "*4\r\n$5\r\ncount\r\n:1\r\n$7\r\nmembers\r\n*1\r\n*6\r\n$2\r\nid\r\n:4\r\n$4\r\nname\r\n$-1\r\n$3\r\nvia\r\n$9\r\nsubscribe\r\n",
            Write(w => RoomReplies.WriteMembers(w, members, RespProtocol.Resp2)));
        Assert.Equal(
            "%2\r\n$5\r\ncount\r\n:1\r\n$7\r\nmembers\r\n*1\r\n%3\r\n$2\r\nid\r\n:4\r\n$4\r\nname\r\n_\r\n$3\r\nvia\r\n$9\r\nsubscribe\r\n",
            Write(w => RoomReplies.WriteMembers(w, members, RespProtocol.Resp3)));
    }

    [Fact]
    public void Should_write_each_value_with_its_seq_key_and_time_when_answering_last()
    {
        var answer = new RoomLastAnswered(1, 2, 9, [new RoomEntry(9, "eur", 1000, "1.1"u8.ToArray())]);

        Assert.Equal(
            "%3\r\n$5\r\nepoch\r\n:2\r\n$8\r\nlast-seq\r\n:9\r\n$6\r\nvalues\r\n*1\r\n*4\r\n:9\r\n$3\r\neur\r\n:1000\r\n$3\r\n1.1\r\n",
            Write(w => RoomReplies.WriteLast(w, answer, RespProtocol.Resp3)));
    }

    [Fact]
    public void Should_list_only_the_visible_rooms_when_a_filter_is_given()
    {
        Assert.Equal("*2\r\n$1\r\na\r\n$1\r\nb\r\n", Write(w => RoomReplies.WriteRoomList(w, ["a", "b"], null)));
        Assert.Equal("*1\r\n$1\r\nb\r\n", Write(w => RoomReplies.WriteRoomList(w, ["a", "b"], r => r == "b")));
    }

    private static string Write(Action<IBufferWriter<byte>> write)
    {
        var writer = new ArrayBufferWriter<byte>();
        write(writer);
        return Encoding.Latin1.GetString(writer.WrittenSpan);
    }
}

using System.Text;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Tests.Rooms.Delivery;

public sealed class FrameHeadsSpecs
{
    [Fact]
    public void Should_build_each_protocol_head_once_when_asked_again()
    {
        var built = new List<RespProtocol>();
        var heads = new FrameHeads(protocol =>
        {
            built.Add(protocol);
            return [(byte)protocol];
        });

        var first = heads.For(RespProtocol.Resp2);
        var again = heads.For(RespProtocol.Resp2);
        var resp3 = heads.For(RespProtocol.Resp3);

        Assert.Same(first, again);
        Assert.Equal([2], first);
        Assert.Equal([3], resp3);
        Assert.Equal([RespProtocol.Resp2, RespProtocol.Resp3], built);
    }

    [Fact]
    public void Should_build_nothing_when_no_protocol_is_asked_for()
    {
        var calls = 0;
        _ = new FrameHeads(_ =>
        {
            calls++;
            return [];
        });

        Assert.Equal(0, calls);
    }

    [Fact]
    public void Should_write_the_message_pmessage_and_roommsg_heads_when_made_for_a_room()
    {
        var room = Encoding.Latin1.GetBytes("px");
        var pattern = Encoding.Latin1.GetBytes("p*");

        Assert.Equal(PubSubFrames.MessagePrefix(room, RespProtocol.Resp3), FrameHeads.Message(room).For(RespProtocol.Resp3));
        Assert.Equal(PubSubFrames.PatternMessagePrefix(pattern, room, RespProtocol.Resp2), FrameHeads.PatternMessage(pattern, room).For(RespProtocol.Resp2));
        Assert.Equal(RoomFrames.MessagePrefix(room, RespProtocol.Resp2), FrameHeads.RoomMessage(room).For(RespProtocol.Resp2));
    }
}

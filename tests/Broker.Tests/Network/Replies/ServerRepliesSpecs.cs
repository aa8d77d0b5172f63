using System.Buffers;
using System.Text;
using ActorRooms.Broker.Commands;
using ActorRooms.Broker.Network.Replies;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Tests.Network.Replies;

public sealed class ServerRepliesSpecs
{
    [Fact]
    public void Should_write_help_lines_as_simple_strings()
    {
        Assert.Equal("*2\r\n+A\r\n+  b\r\n", Write(w => ServerReplies.WriteHelp(w, ["A", "  b"])));
    }

    [Fact]
    public void Should_write_the_hello_map_with_the_protocol_and_client_id()
    {
        var text = Write(w => ServerReplies.WriteHello(w, 12, RespProtocol.Resp3));

        Assert.StartsWith("%7\r\n$6\r\nserver\r\n", text, StringComparison.Ordinal);
        Assert.Contains("$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:12\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("$7\r\nmodules\r\n*0\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_write_command_info_in_the_redis_7_shape()
    {
        Assert.True(CommandTable.TryFind("echo"u8, out var echo));

        Assert.Equal(
            "*10\r\n$4\r\necho\r\n:2\r\n*3\r\n+fast\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*0\r\n*0\r\n*0\r\n*0\r\n",
            Write(w => CommandInfoReply.Write(w, echo, RespProtocol.Resp2)));
    }

    [Fact]
    public void Should_pair_each_channel_with_its_count_when_counting_subscribers()
    {
        Assert.Equal("*4\r\n$1\r\na\r\n:2\r\n$1\r\nb\r\n:0\r\n", Write(w => ServerReplies.WriteSubscriberCounts(w, ["a", "b"], [2, 0])));
    }

    private static string Write(Action<IBufferWriter<byte>> write)
    {
        var writer = new ArrayBufferWriter<byte>();
        write(writer);
        return Encoding.Latin1.GetString(writer.WrittenSpan);
    }
}

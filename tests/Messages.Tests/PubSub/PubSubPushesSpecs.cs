using System.Text;
using ActorRooms.Protocol.PubSub;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Protocol.Tests.PubSub;

public sealed class PubSubPushesSpecs
{
    [Theory]
    [InlineData("*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nx\r\n", true, PubSubPushKind.Message)]
    [InlineData("*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nx\r\n", false, PubSubPushKind.None)]
    [InlineData(">3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nx\r\n", false, PubSubPushKind.Message)]
    [InlineData("*4\r\n$8\r\npmessage\r\n$3\r\na.*\r\n$3\r\na.b\r\n$1\r\nx\r\n", true, PubSubPushKind.PatternMessage)]
    [InlineData("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n", true, PubSubPushKind.Subscribed)]
    [InlineData("*3\r\n$10\r\npsubscribe\r\n$3\r\na.*\r\n:1\r\n", true, PubSubPushKind.Subscribed)]
    [InlineData("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n", true, PubSubPushKind.Unsubscribed)]
    [InlineData("*2\r\n$4\r\npong\r\n$0\r\n\r\n", true, PubSubPushKind.None)]
    [InlineData(":1\r\n", true, PubSubPushKind.None)]
    [InlineData(">2\r\n$10\r\ninvalidate\r\n*0\r\n", false, PubSubPushKind.Other)]
    public void Should_tell_pushes_from_replies_when_classifying(string frame, bool subscribed, PubSubPushKind expected)
    {
        Assert.Equal(expected, PubSubPushes.Classify(Read(frame), subscribed));
    }

    [Fact]
    public void Should_give_channel_pattern_and_payload_when_a_pattern_message_arrives()
    {
        var push = Read("*4\r\n$8\r\npmessage\r\n$8\r\nprices.*\r\n$11\r\nprices.AAPL\r\n$2\r\n{}\r\n");

        var message = PubSubPushes.ToMessage(push, PubSubPushKind.PatternMessage);

        Assert.Equal("prices.AAPL", message.ChannelText);
        Assert.Equal("prices.*", Encoding.UTF8.GetString(message.Pattern.Span));
        Assert.Equal("{}", message.PayloadText);
    }

    private static RespValue Read(string frame)
    {
        var reader = new RespReplyReader(RespReplyLimits.Default);
        reader.Feed(Encoding.ASCII.GetBytes(frame));
        Assert.Equal(RespReplyReadResult.Value, reader.TryRead(out var value));
        return value;
    }
}

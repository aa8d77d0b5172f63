using ActorRooms.Broker.Web.WebSockets;

namespace ActorRooms.Broker.Tests.Web.WebSockets;

public sealed class WebSocketFrameBytesSpecs
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(125, 127)]
    [InlineData(126, 130)]
    [InlineData(65_535, 65_539)]
    [InlineData(65_536, 65_546)]
    public void Should_add_the_header_of_the_payload_length_when_the_broker_sends(int payload, int onTheWire)
    {
        Assert.Equal(onTheWire, WebSocketFrameBytes.Sent(payload));
    }

    [Theory]
    [InlineData(0, 6)]
    [InlineData(125, 131)]
    [InlineData(126, 134)]
    [InlineData(65_536, 65_550)]
    public void Should_add_the_masking_key_when_a_client_sends(int payload, int onTheWire)
    {
        Assert.Equal(onTheWire, WebSocketFrameBytes.Received(payload));
    }
}

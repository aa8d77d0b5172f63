using System.Net;
using ActorRooms.Clients.Connection;

namespace ActorRooms.Clients.Tests.Connection;

public sealed class EndpointResolutionSpecs
{
    [Fact]
    public async Task Should_take_an_ip_address_as_given()
    {
        var resolved = Assert.IsType<Resolved>(await EndpointResolution.ResolveAsync("10.1.2.3", 6380));

        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 6380), resolved.Endpoint);
    }

    [Fact]
    public async Task Should_prefer_an_ipv4_address_when_a_host_name_resolves()
    {
        var resolved = Assert.IsType<Resolved>(await EndpointResolution.ResolveAsync("localhost", 6380));

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 6380), resolved.Endpoint);
    }

    [Fact]
    public async Task Should_answer_why_when_a_host_name_cannot_be_resolved()
    {
        var failed = Assert.IsType<ResolveFailed>(await EndpointResolution.ResolveAsync(new string('a', 300), 6380));

        Assert.False(string.IsNullOrEmpty(failed.Reason));
    }
}

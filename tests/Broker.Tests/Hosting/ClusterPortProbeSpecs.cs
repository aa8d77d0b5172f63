using System.Net;
using System.Net.Sockets;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using Akka.Configuration;

namespace ActorRooms.Broker.Tests.Hosting;

/// <summary>A cluster port another node listens on is refused before remoting starts (which would share it silently).</summary>
public sealed class ClusterPortProbeSpecs
{
    [Fact]
    public void Should_refuse_naming_the_port_when_another_listener_shares_it_as_akka_remoting_does()
    {
        // DotNetty binds with ReuseAddress, which .NET on Linux turns into SO_REUSEADDR + SO_REUSEPORT.
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        other.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        other.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        other.Listen(1);
        var port = ((IPEndPoint)other.LocalEndPoint!).Port;

        var error = Assert.Throws<ConfigurationException>(() => ClusterPortProbe.EnsureFree(Cluster("127.0.0.1", port)));

        Assert.Contains($"Cannot use cluster port 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("--cluster-port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_naming_the_option_when_the_cluster_host_does_not_resolve()
    {
        var error = Assert.Throws<ConfigurationException>(() => ClusterPortProbe.EnsureFree(Cluster("no-such-host.invalid", 0)));

        Assert.Contains("--cluster-host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_pass_when_the_port_is_free()
    {
        ClusterPortProbe.EnsureFree(Cluster("127.0.0.1", 0));
    }

    private static ClusterSettings Cluster(string host, int port) => ClusterSettings.Disabled with { Enabled = true, Hostname = host, Port = port };
}

using System.Net;
using System.Net.Sockets;
using ActorRooms.Broker.Cluster;
using Akka.Configuration;

namespace ActorRooms.Broker.Hosting;

/// <summary>
/// Checks, before Akka remoting starts, that a cluster node can have its address and port to itself.
/// </summary>
/// <remarks>
/// Akka remoting (DotNetty) binds with <c>SocketOptionName.ReuseAddress</c>, which .NET on Linux turns into both
/// SO_REUSEADDR and SO_REUSEPORT: a second node on the same port binds too, without an error, and the two share (and
/// split) that port's connections, so neither joins properly. This probe binds with SO_REUSEADDR alone (still allowed
/// over connections lingering in TIME_WAIT after a restart) and no SO_REUSEPORT, which the kernel refuses while
/// another socket listens there. It closes at once; a node that takes the port in the moment between is not caught.
/// </remarks>
public static class ClusterPortProbe
{
    // Linux's SOL_SOCKET and SO_REUSEADDR.
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    /// <summary>Refuses a cluster address that does not resolve, or a port that another program listens on.</summary>
    /// <exception cref="ConfigurationException">The address or the port cannot be used; the message names the option.</exception>
    public static void EnsureFree(ClusterSettings cluster)
    {
        if (!cluster.Enabled)
        {
            return;
        }

        // Port 0 (any free port) cannot collide, but the address must still be one of this machine's.
        Bind(Resolve(cluster.Hostname), cluster.Port, cluster);
    }

    private static IPAddress Resolve(string hostname)
    {
        if (IPAddress.TryParse(hostname, out var address))
        {
            return address;
        }

        try
        {
            return Dns.GetHostAddresses(hostname).FirstOrDefault()
                ?? throw new ConfigurationException(Unresolved(hostname, "no address"));
        }
        catch (SocketException e)
        {
            throw new ConfigurationException(Unresolved(hostname, e.Message));
        }
    }

    private static string Unresolved(string hostname, string why) =>
        $"Cluster address '{hostname}' (--cluster-host, {ClusterSettings.Section}.hostname) does not resolve ({why}); give an IP address or a host name of this machine.";

    private static void Bind(IPAddress address, int port, ClusterSettings cluster)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        }

        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(1);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new ConfigurationException(
                $"Cannot use cluster port {address}:{port}: another program (another broker node?) already listens on it. "
                + "Give each node on one machine its own --cluster-port (or leave it out on a node that joins with --seed, to take any free port).");
        }
        catch (SocketException e)
        {
            throw new ConfigurationException(
                $"Cannot use cluster address {cluster.Hostname}:{port} (--cluster-host / --cluster-port): {e.Message}.");
        }
    }
}

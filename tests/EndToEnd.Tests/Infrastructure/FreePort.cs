using System.Net;
using System.Net.Sockets;

namespace ActorRooms.EndToEnd.Tests.Infrastructure;

/// <summary>Picks a free loopback port by binding port 0 and releasing it again.</summary>
public static class FreePort
{
    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}

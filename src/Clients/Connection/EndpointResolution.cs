using System.Net;
using System.Net.Sockets;

namespace ActorRooms.Clients.Connection;

/// <summary>
/// Where a connection dials: an IP address as given, or a host name looked up in DNS off the actor's thread, preferring
/// IPv4. The answer is a message (<see cref="Resolved"/> or <see cref="ResolveFailed"/>) for the connection actor.
/// </summary>
internal static class EndpointResolution
{
    /// <summary>The endpoint of <paramref name="host"/>:<paramref name="port"/>, as the message the actor receives.</summary>
    public static async Task<object> ResolveAsync(string host, int port)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return new Resolved(new IPEndPoint(address, port));
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return chosen is null ? new ResolveFailed("no address") : new Resolved(new IPEndPoint(chosen, port));
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return new ResolveFailed(e.Message);
        }
    }
}

/// <summary>The endpoint to dial.</summary>
internal sealed record Resolved(IPEndPoint Endpoint);

/// <summary>The host name could not be resolved, and why.</summary>
internal sealed record ResolveFailed(string Reason);

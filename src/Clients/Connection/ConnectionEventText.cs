using System.Net;
using Akka.IO;

namespace ActorRooms.Clients.Connection;

/// <summary>
/// The words <see cref="RedisConnectionActor"/> logs and reports for Akka.IO's events: why a connect or a command
/// failed, why the connection closed, an endpoint as people write it and a backoff delay.
/// </summary>
internal static class ConnectionEventText
{
    /// <summary>The socket's own words (Connection refused) when Akka.IO kept the exception, else its cause text.</summary>
    public static string Describe(Tcp.CommandFailed failed)
    {
        if (failed.Cause.HasValue && failed.Cause.Value is { } cause)
        {
            return (cause.InnerException ?? cause).Message;
        }

        var text = failed.CauseString?.Trim() ?? string.Empty;
        text = text.StartsWith("because of ", StringComparison.Ordinal) ? text["because of ".Length..] : text;
        if (text.Contains("finishConnect", StringComparison.Ordinal))
        {
            // Akka.IO's wording for a connect that the OS refused (nothing listens there) or that never completed.
            return "no server accepted the connection";
        }

        return text.Length == 0 ? "no reason given" : text;
    }

    // Akka.IO's sockets are dual-mode: show 127.0.0.1:5000 rather than [::ffff:127.0.0.1]:5000.
    public static string Plain(EndPoint endpoint) =>
        endpoint is IPEndPoint { Address.IsIPv4MappedToIPv6: true } ip ? new IPEndPoint(ip.Address.MapToIPv4(), ip.Port).ToString() : endpoint.ToString() ?? "?";

    public static string DescribeClose(Tcp.ConnectionClosed closed) => closed switch
    {
        Tcp.ErrorClosed error => $"connection error: {error.Cause}",
        Tcp.PeerClosed => "the server closed the connection",
        Tcp.Aborted => "the connection was aborted",
        _ => "the connection was closed",
    };

    public static string Human(TimeSpan delay) =>
        delay < TimeSpan.FromSeconds(1) ? $"{delay.TotalMilliseconds:0} ms" : $"{delay.TotalSeconds:0.#} s";
}

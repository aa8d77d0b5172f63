using System.Globalization;

namespace ActorRooms.Benchmarks;

/// <summary>
/// The configuration file nats-server is started with (<c>nats-server -c FILE</c>). Defaults except three settings,
/// each chosen so that nats-server measures like the other servers under a lean byte-counting client:
/// <list type="bullet">
/// <item><c>ping_interval: "1h"</c>: nats-server PINGs every client every 2 minutes by default and closes one that
/// does not PONG; a subscriber that only counts bytes would count the PING as data and never answer. An hour is longer
/// than any run, so no server PING is ever sent.</item>
/// <item><c>max_pending: 256 MiB</c>: the bytes nats-server buffers for one client before it calls it a slow consumer
/// and cuts it (default 64 MiB). The closed-loop scenarios keep a subscriber at most about 15 MiB behind (F1 with one
/// subscriber: 100,000 frames of ~145 B), and F4, whose publishers are paced by the server's answers and not by the
/// subscribers, lets a subscriber fall behind by what the client cannot read in a run; 256 MiB per client keeps a
/// subscriber that keeps up, or nearly, from ever being cut. (redis-server runs with its default pubsub output limit,
/// 32 MiB, or 8 MiB for 60 s; ActorRooms with its shipped one. A cut shows as lost messages in every scenario.)</item>
/// <item><c>write_deadline: "60s"</c>: how long one socket write may block before nats-server closes the client as a
/// slow consumer (default 10 s in 2.9). On a 2-core machine shared by the client and the server a reader can be
/// descheduled for a while; a minute is far beyond that and still ends a truly stuck run.</item>
/// </list>
/// </summary>
public static class NatsConfig
{
    /// <summary>The file's text: listen on 127.0.0.1:<paramref name="port"/> with the settings above.</summary>
    public static string For(int port) => string.Create(CultureInfo.InvariantCulture, $"""
        listen: "127.0.0.1:{port}"
        ping_interval: "1h"
        max_pending: {256 * 1024 * 1024}
        write_deadline: "60s"
        """);
}

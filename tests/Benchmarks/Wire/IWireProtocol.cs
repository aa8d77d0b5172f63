using System.Net.Sockets;

namespace ActorRooms.Benchmarks.Wire;

/// <summary>
/// The few bytes of a pub/sub protocol the lean clients need, so one scenario drives redis-server and ActorRooms
/// (RESP) and nats-server (NATS text protocol) alike: connecting (and skipping the server's greeting), subscribing
/// and recognising its confirmation, publishing, the exact size of a delivered frame (subscribers count bytes), and a
/// round trip the server answers in order (readiness, and NATS's only publish acknowledgement).
/// </summary>
public interface IWireProtocol
{
    /// <summary>Opens a connection (Nagle off), past any greeting, ready for commands.</summary>
    Task<Socket> ConnectAsync(int port, CancellationToken cancellation);

    /// <summary>The bytes that subscribe to <paramref name="room"/> and make the server confirm it.</summary>
    byte[] Subscribe(string room);

    /// <summary>The exact length of the confirmation of <see cref="Subscribe"/> on a connection with no other subscription.</summary>
    int SubscribeConfirmationBytes(string room);

    /// <summary>One publish of <paramref name="payload"/> (ASCII) to <paramref name="room"/>.</summary>
    string Publish(string room, string payload);

    /// <summary>The bytes a subscriber receives per message before the payload (after it come two bytes, CR LF).</summary>
    int FrameHeaderBytes(string room, int payloadBytes);

    /// <summary>True if the server answers every publish with one reply line (RESP's <c>:n</c>); NATS answers none.</summary>
    bool RepliesToEachPublish { get; }

    /// <summary>
    /// Brings subscribed connections to the point where everything they receive is a delivered frame: NATS sends
    /// every client one keepalive PING about 2 s (plus up to 20 %) after CONNECT whatever <c>ping_interval</c> says
    /// (it measures the round trip), which a byte counter would count; it is read and answered here, and the next
    /// comes only after <c>ping_interval</c> (an hour, <see cref="NatsConfig"/>). Nothing to do in RESP.
    /// </summary>
    Task AnswerFirstKeepaliveAsync(IReadOnlyList<Stream> subscribers, CancellationToken cancellation);

    /// <summary>A request the server answers in order with <see cref="PongBytes"/> bytes.</summary>
    byte[] Ping { get; }

    /// <summary>The exact length of the answer to <see cref="Ping"/>.</summary>
    int PongBytes { get; }
}

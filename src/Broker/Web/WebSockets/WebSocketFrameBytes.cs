namespace ActorRooms.Broker.Web.WebSockets;

/// <summary>
/// The bytes one WebSocket data frame takes on the wire (RFC 6455 §5.2), for the byte counters: a 2-byte header,
/// 2 or 8 more for a payload over 125 or 65,535 bytes, and the 4-byte masking key every client frame carries. The
/// broker sends every message as one frame, so its figure is exact; a client message is counted as one frame too (what
/// browsers and ClientWebSocket send), so a client that splits one message into several frames is undercounted by
/// their extra headers.
/// </summary>
public static class WebSocketFrameBytes
{
    private const int MaskingKey = 4;

    /// <summary>A frame from the broker (never masked) carrying <paramref name="payload"/> bytes.</summary>
    public static int Sent(int payload) => payload + Header(payload);

    /// <summary>A frame from a client (always masked) carrying <paramref name="payload"/> bytes.</summary>
    public static int Received(int payload) => payload + Header(payload) + MaskingKey;

    private static int Header(int payload) => payload switch
    {
        <= 125 => 2,
        <= ushort.MaxValue => 4,
        _ => 10,
    };
}

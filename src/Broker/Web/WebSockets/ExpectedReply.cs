namespace ActorRooms.Broker.Web.WebSockets;

/// <summary>What a WebSocket op turns into on the way back: how its one RESP reply becomes a JSON frame.</summary>
public enum ReplyShape
{
    /// <summary>The connection's own <c>HELLO 3</c>: its reply is not shown.</summary>
    Silent,

    /// <summary><c>HELLO 3 AUTH</c>: <c>{"type":"authenticated","user":…}</c>.</summary>
    Authenticated,

    /// <summary>A subscribe / psubscribe / unsubscribe / punsubscribe / roomjoined / roomleft push confirms it.</summary>
    Confirmation,

    /// <summary><c>:N</c>: <c>{"type":"published","receivers":N}</c>.</summary>
    Published,

    /// <summary>ROOM.LIST: <c>{"type":"rooms","rooms":[…]}</c>.</summary>
    Rooms,

    /// <summary>ROOM.INFO: <c>{"type":"info","room":…,"info":{…}|null}</c>.</summary>
    Info,

    /// <summary>ROOM.LAST: <c>{"type":"last","room":…,"last":{…}|null}</c>.</summary>
    Last,

    /// <summary>PING: <c>{"type":"pong"}</c>.</summary>
    Pong,

    /// <summary>Not a broker reply: a frame the WebSocket side made itself (bad JSON, unknown op), sent in its turn.</summary>
    Local,
}

/// <summary>
/// One op waiting for its reply, in request order: its shape, the name its confirmation push carries (for
/// <see cref="ReplyShape.Confirmation"/>), the client's <c>id</c> as raw JSON (null when it sent none), and for
/// <see cref="ReplyShape.Local"/> the frame itself.
/// </summary>
public sealed record ExpectedReply(ReplyShape Shape, string Op, string? Confirmation = null, string? Subject = null, string? Id = null, byte[]? LocalFrame = null);

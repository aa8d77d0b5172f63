namespace ActorRooms.Protocol.Resp;

/// <summary>The protocol version a connection speaks; HELLO switches it.</summary>
public enum RespProtocol
{
    /// <summary>RESP2, the default: pushes are arrays and null is <c>$-1</c>.</summary>
    Resp2 = 2,

    /// <summary>RESP3 (after <c>HELLO 3</c>): pushes are <c>&gt;</c> frames, null is <c>_</c>, maps are <c>%</c>.</summary>
    Resp3 = 3,
}

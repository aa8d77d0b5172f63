namespace ActorRooms.Protocol.Resp;

/// <summary>What one call of <see cref="RespReplyReader.TryRead"/> produced.</summary>
public enum RespReplyReadResult
{
    /// <summary>A complete top-level value was read.</summary>
    Value,

    /// <summary>The fed bytes hold no further complete value; feed the next chunk.</summary>
    NeedMoreData,

    /// <summary>The stream is garbled; <see cref="RespReplyReader.Error"/> says why. The connection must be reset.</summary>
    ProtocolError,
}

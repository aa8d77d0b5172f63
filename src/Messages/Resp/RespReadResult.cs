namespace ActorRooms.Protocol.Resp;

/// <summary>What one call of <see cref="RespRequestReader.TryRead"/> produced.</summary>
public enum RespReadResult
{
    /// <summary>A complete command is in the argument list.</summary>
    Command,

    /// <summary>The fed bytes hold no further complete command; feed the next chunk.</summary>
    NeedMoreData,

    /// <summary>The stream is malformed; <see cref="RespRequestReader.Error"/> says why. The connection must reply and close.</summary>
    ProtocolError,
}

namespace ActorRooms.Protocol.Resp;

/// <summary>The kind of a RESP2/RESP3 value a server sent, named after its type byte.</summary>
public enum RespValueType
{
    /// <summary><c>+</c> a status line such as <c>OK</c>.</summary>
    SimpleString,

    /// <summary><c>-</c> an error line such as <c>ERR unknown command</c>.</summary>
    Error,

    /// <summary><c>:</c> a 64-bit integer.</summary>
    Integer,

    /// <summary><c>$</c> a binary-safe string (<see cref="RespValue.IsNull"/> for <c>$-1</c>).</summary>
    BulkString,

    /// <summary><c>*</c> an array (<see cref="RespValue.IsNull"/> for <c>*-1</c>).</summary>
    Array,

    /// <summary><c>&gt;</c> a RESP3 out-of-band push (pub/sub messages and confirmations).</summary>
    Push,

    /// <summary><c>%</c> a RESP3 map; its items are key, value, key, value, ...</summary>
    Map,

    /// <summary><c>~</c> a RESP3 set.</summary>
    Set,

    /// <summary><c>_</c> the RESP3 null.</summary>
    Null,

    /// <summary><c>=</c> a RESP3 verbatim string: three bytes of format, a colon, then the text.</summary>
    VerbatimString,

    /// <summary><c>,</c> a RESP3 double, kept as its text.</summary>
    Double,

    /// <summary><c>#</c> a RESP3 boolean (<see cref="RespValue.Integer"/> is 1 or 0).</summary>
    Boolean,

    /// <summary><c>(</c> a RESP3 big number, kept as its text.</summary>
    BigNumber,

    /// <summary><c>!</c> a RESP3 blob error.</summary>
    BlobError,
}

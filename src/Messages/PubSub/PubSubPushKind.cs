namespace ActorRooms.Protocol.PubSub;

/// <summary>What a value from the server is, as far as pub/sub is concerned.</summary>
public enum PubSubPushKind
{
    /// <summary>Not a push: the reply to a command.</summary>
    None,

    /// <summary><c>message channel payload</c> (also sharded <c>smessage</c>).</summary>
    Message,

    /// <summary><c>pmessage pattern channel payload</c>.</summary>
    PatternMessage,

    /// <summary><c>subscribe</c>/<c>psubscribe</c> confirmation: name and subscription count.</summary>
    Subscribed,

    /// <summary><c>unsubscribe</c>/<c>punsubscribe</c> confirmation.</summary>
    Unsubscribed,

    /// <summary>A RESP3 push of a kind this client does not use (for example invalidations).</summary>
    Other,

    /// <summary><c>roommsg room epoch seq key time payload</c>: a ROOM.JOIN feed's message.</summary>
    RoomMessage,

    /// <summary><c>roomjoined room epoch last-seq count</c>: the ROOM.JOIN confirmation.</summary>
    RoomJoined,

    /// <summary><c>roomgap</c>, <c>roomconflated</c>, <c>roomexhausted</c>, <c>roomsnapshot</c>, <c>roomreset</c>, presence and <c>roomleft</c> notices.</summary>
    RoomNotice,
}

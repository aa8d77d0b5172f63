namespace ActorRooms.Clients.Protocol;

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
}

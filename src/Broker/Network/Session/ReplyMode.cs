namespace ActorRooms.Broker.Network.Session;

/// <summary>CLIENT REPLY's mode: every reply, none, or none for the next command only.</summary>
public enum ReplyMode
{
    /// <summary>Every reply is sent (the default).</summary>
    On,

    /// <summary>No reply is sent until CLIENT REPLY ON.</summary>
    Off,

    /// <summary>The next command's reply is not sent.</summary>
    Skip,
}

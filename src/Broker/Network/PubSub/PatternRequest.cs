using ActorRooms.Broker.Network.Output;

namespace ActorRooms.Broker.Network.PubSub;

/// <summary>A PSUBSCRIBE or PUNSUBSCRIBE of one pattern: complete when the registry and every room it named have confirmed.</summary>
public sealed class PatternRequest(AwaitedReply reply, string pattern, bool leaving)
{
    public AwaitedReply Reply { get; } = reply;

    public string Pattern { get; } = pattern;

    public bool Leaving { get; } = leaving;

    /// <summary>How many rooms the registry told (known once it answered).</summary>
    public int? RoomsToConfirm { get; set; }

    public int RoomsConfirmed { get; set; }

    public bool IsComplete => RoomsToConfirm is { } expected && RoomsConfirmed >= expected;
}

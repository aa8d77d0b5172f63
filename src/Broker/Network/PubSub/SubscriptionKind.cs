using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.PubSub;

/// <summary>What a (un)subscribe command names: channels (SUBSCRIBE), patterns (PSUBSCRIBE) or shard channels (SSUBSCRIBE).</summary>
public enum SubscriptionKind
{
    Channel,
    Pattern,
    ShardChannel,
}

/// <summary>The confirmation frames of each <see cref="SubscriptionKind"/>.</summary>
public static class SubscriptionKindFrames
{
    /// <summary>The confirmation a (un)subscribe of <paramref name="kind"/> sends per name.</summary>
    public static PubSubFrames.Confirmation Confirmation(this SubscriptionKind kind, bool leaving) => (kind, leaving) switch
    {
        (SubscriptionKind.Channel, false) => PubSubFrames.Confirmation.Subscribe,
        (SubscriptionKind.Channel, true) => PubSubFrames.Confirmation.Unsubscribe,
        (SubscriptionKind.Pattern, false) => PubSubFrames.Confirmation.PatternSubscribe,
        (SubscriptionKind.Pattern, true) => PubSubFrames.Confirmation.PatternUnsubscribe,
        (_, false) => PubSubFrames.Confirmation.ShardSubscribe,
        _ => PubSubFrames.Confirmation.ShardUnsubscribe,
    };
}

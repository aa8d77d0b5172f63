using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.PubSub;
using ActorRooms.Broker.Network.Replies;
using ActorRooms.Broker.Rooms;

namespace ActorRooms.Broker.Commands;

/// <summary>PUBLISH, SPUBLISH, (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE and PUBSUB.</summary>
public static class PubSubCommands
{
    // PUBLISH channel message: one more message of the room's batch of this read.
    public static void Publish(CommandContext c) =>
        c.Session.Publisher.Add(c.Arguments[1], c.Arguments[2], key: null, roomPublish: false, c.Suppressed);

    // SPUBLISH shardchannel message: as PUBLISH, to the shard channel's room.
    public static void ShardPublish(CommandContext c) =>
        c.Session.Publisher.Add(c.Arguments[1], c.Arguments[2], key: null, roomPublish: false, c.Suppressed, shard: true);

    public static void Subscribe(CommandContext c) => SubscribeTo(c, SubscriptionKind.Channel);

    public static void PatternSubscribe(CommandContext c) => SubscribeTo(c, SubscriptionKind.Pattern);

    public static void ShardSubscribe(CommandContext c) => SubscribeTo(c, SubscriptionKind.ShardChannel);

    public static void Unsubscribe(CommandContext c) => UnsubscribeFrom(c, SubscriptionKind.Channel);

    public static void PatternUnsubscribe(CommandContext c) => UnsubscribeFrom(c, SubscriptionKind.Pattern);

    public static void ShardUnsubscribe(CommandContext c) => UnsubscribeFrom(c, SubscriptionKind.ShardChannel);

    // PUBSUB CHANNELS [pattern]
    public static void Channels(CommandContext c) => ListChannels(c, shard: false);

    // PUBSUB SHARDCHANNELS [pattern]
    public static void ShardChannels(CommandContext c) => ListChannels(c, shard: true);

    // PUBSUB NUMSUB [channel ...]
    public static void NumSub(CommandContext c) => CountSubscribers(c, shard: false);

    // PUBSUB SHARDNUMSUB [shardchannel ...]
    public static void ShardNumSub(CommandContext c) => CountSubscribers(c, shard: true);

    private static void ListChannels(CommandContext c, bool shard)
    {
        if (c.Arguments.Count > 3)
        {
            c.Error(ErrorReplies.SubcommandSyntax(c.Arguments[1].Span, "pubsub"));
            return;
        }

        var pattern = c.Arguments.Count == 3 ? c.Text(2) : null;
        c.Ask(id => new ListChannels(id, pattern, shard), c.Session.Peers.Rooms);
    }

    private static void CountSubscribers(CommandContext c, bool shard)
    {
        var channels = new List<string>(c.Arguments.Count - 2);
        for (var i = 2; i < c.Arguments.Count; i++)
        {
            channels.Add(c.Text(i));
        }

        c.Ask(id => new CountSubscribers(id, channels, shard), c.Session.Peers.Rooms);
    }

    public static void NumPat(CommandContext c) => c.Ask(id => new CountPatterns(id), c.Session.Peers.Rooms);

    public static void Help(CommandContext c) => ServerReplies.WriteHelp(c.Reply, HelpTexts.PubSub);

    /// <summary>
    /// (P|S)SUBSCRIBE: earlier publishes of this read reach their rooms first; one confirmation per argument, sent once
    /// every new subscription is in place. Confirmations are pushes: like redis-server, CLIENT REPLY OFF/SKIP never
    /// drops them (an error reply, such as the limit's, stays silent).
    /// </summary>
    private static void SubscribeTo(CommandContext c, SubscriptionKind kind)
    {
        var session = c.Session;
        session.Publisher.SendAll();
        if (kind == SubscriptionKind.Channel)
        {
            // Channels may be room feeds (room:<room>?options): their own replies, in argument order.
            if (!ChannelSubscriptions.TrySubscribe(session, c.Arguments, out var error))
            {
                c.Error(error!);
            }

            return;
        }

        if (!session.Subscriptions.WithinLimit(c.Arguments, kind))
        {
            c.Error($"ERR max subscriptions per connection reached ({session.Subscriptions.MaxSubscriptions})");
            return;
        }

        var reply = new AwaitedReply(0, suppressed: false);
        session.Subscriptions.Subscribe(c.Arguments, kind, reply);
        session.Replies.Add(reply);
    }

    // (P|S)UNSUBSCRIBE: confirmations are pushes, sent whatever CLIENT REPLY says.
    private static void UnsubscribeFrom(CommandContext c, SubscriptionKind kind)
    {
        var session = c.Session;
        session.Publisher.SendAll();
        var reply = new AwaitedReply(0, suppressed: false);
        if (kind == SubscriptionKind.Channel)
        {
            ChannelSubscriptions.Unsubscribe(session, c.Arguments, reply);
        }
        else
        {
            session.Subscriptions.Unsubscribe(c.Arguments, kind, reply);
        }

        session.Replies.Add(reply);
    }
}

using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.Replies;
using ActorRooms.Broker.Rooms;

namespace ActorRooms.Broker.Commands;

/// <summary>PUBLISH, (P)SUBSCRIBE, (P)UNSUBSCRIBE and PUBSUB.</summary>
public static class PubSubCommands
{
    // PUBLISH channel message: one more message of the room's batch of this read.
    public static void Publish(CommandContext c) =>
        c.Session.Publisher.Add(c.Arguments[1], c.Arguments[2], key: null, roomPublish: false, c.Suppressed);

    public static void Subscribe(CommandContext c) => SubscribeTo(c, patterns: false);

    public static void PatternSubscribe(CommandContext c) => SubscribeTo(c, patterns: true);

    public static void Unsubscribe(CommandContext c) => UnsubscribeFrom(c, patterns: false);

    public static void PatternUnsubscribe(CommandContext c) => UnsubscribeFrom(c, patterns: true);

    // PUBSUB CHANNELS [pattern]
    public static void Channels(CommandContext c)
    {
        if (c.Arguments.Count > 3)
        {
            c.Error(ErrorReplies.SubcommandSyntax(c.Arguments[1].Span, "pubsub"));
            return;
        }

        var pattern = c.Arguments.Count == 3 ? c.Text(2) : null;
        c.Ask(id => new ListChannels(id, pattern), c.Session.Peers.Rooms);
    }

    // PUBSUB NUMSUB [channel ...]
    public static void NumSub(CommandContext c)
    {
        var channels = new List<string>(c.Arguments.Count - 2);
        for (var i = 2; i < c.Arguments.Count; i++)
        {
            channels.Add(c.Text(i));
        }

        c.Ask(id => new CountSubscribers(id, channels), c.Session.Peers.Rooms);
    }

    public static void NumPat(CommandContext c) => c.Ask(id => new CountPatterns(id), c.Session.Peers.Rooms);

    public static void Help(CommandContext c) => ServerReplies.WriteHelp(c.Reply, HelpTexts.PubSub);

    /// <summary>
    /// (P)SUBSCRIBE: earlier publishes of this read reach their rooms first; one confirmation per argument, sent once
    /// every new subscription is in place. Confirmations are pushes: like redis-server, CLIENT REPLY OFF/SKIP never
    /// drops them (an error reply, such as the limit's, stays silent).
    /// </summary>
    private static void SubscribeTo(CommandContext c, bool patterns)
    {
        var session = c.Session;
        session.Publisher.SendAll();
        if (!patterns)
        {
            // Channels may be room feeds (room:<room>?options): their own replies, in argument order.
            if (!ChannelSubscriptions.TrySubscribe(session, c.Arguments, out var error))
            {
                c.Error(error!);
            }

            return;
        }

        if (!session.Subscriptions.WithinLimit(c.Arguments, patterns))
        {
            c.Error($"ERR max subscriptions per connection reached ({session.Subscriptions.MaxSubscriptions})");
            return;
        }

        var reply = new AwaitedReply(0, suppressed: false);
        session.Subscriptions.Subscribe(c.Arguments, patterns, reply);
        session.Replies.Add(reply);
    }

    // (P)UNSUBSCRIBE: confirmations are pushes, sent whatever CLIENT REPLY says.
    private static void UnsubscribeFrom(CommandContext c, bool patterns)
    {
        var session = c.Session;
        session.Publisher.SendAll();
        var reply = new AwaitedReply(0, suppressed: false);
        if (patterns)
        {
            session.Subscriptions.Unsubscribe(c.Arguments, patterns, reply);
        }
        else
        {
            ChannelSubscriptions.Unsubscribe(session, c.Arguments, reply);
        }

        session.Replies.Add(reply);
    }
}

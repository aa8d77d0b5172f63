using System.Text;
using ActorRooms.Broker.Network.Feeds;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Commands;

/// <summary>
/// SUBSCRIBE and UNSUBSCRIBE over both kinds of channel: plain channels (<see cref="Network.PubSub.Subscriptions"/>)
/// and room feed channels, <c>room:&lt;room&gt;[?options]</c> (<see cref="RoomFeeds"/>, docs/protocol.md "Room feeds
/// through SUBSCRIBE"). Confirmations keep the arguments' order and carry the count of every subscription.
/// </summary>
public static class ChannelSubscriptions
{
    /// <summary>
    /// SUBSCRIBE channel [channel ...]: a malformed feed channel refuses the whole command (<paramref name="error"/>);
    /// otherwise each plain run goes to the subscriptions in one reply and each new feed channel gets its own join reply.
    /// </summary>
    public static bool TrySubscribe(ConnectionSession session, IReadOnlyList<ReadOnlyMemory<byte>> arguments, out string? error)
    {
        error = null;
        var feeds = new FeedChannel?[arguments.Count];
        var added = 0;
        for (var i = 1; i < arguments.Count; i++)
        {
            var name = arguments[i].Span;
            if (FeedChannel.IsFeed(name))
            {
                if ((feeds[i] = FeedChannel.Parse(name, out error)) is null)
                {
                    return false;
                }

                added += session.Feeds.HasChannel(feeds[i]!.Channel) ? 0 : 1;
            }
            else
            {
                added += session.Subscriptions.HasChannel(Encoding.Latin1.GetString(name)) ? 0 : 1;
            }
        }

        if (session.Subscriptions.TotalCount + added > session.Subscriptions.MaxSubscriptions)
        {
            error = $"ERR max subscriptions per connection reached ({session.Subscriptions.MaxSubscriptions})";
            return false;
        }

        List<ReadOnlyMemory<byte>> run = [arguments[0]];
        for (var i = 1; i < arguments.Count; i++)
        {
            if (feeds[i] is not { } feed)
            {
                run.Add(arguments[i]);
                continue;
            }

            run = Flush(session, run, arguments[0]);
            if (session.Feeds.HasChannel(feed.Channel))
            {
                // Already subscribed: the confirmation again, count unchanged, nothing served again (as Redis).
                var again = new AwaitedReply(0, suppressed: false);
                PubSubFrames.WriteConfirmation(again.Bytes, PubSubFrames.Confirmation.Subscribe, arguments[i].Span, false, session.Subscriptions.Count, session.Client.Protocol);
                session.Replies.Add(again);
            }
            else
            {
                session.Feeds.JoinChannel(feed);
            }
        }

        Flush(session, run, arguments[0]);
        return true;
    }

    /// <summary>
    /// UNSUBSCRIBE [channel ...]: one confirmation per argument; without arguments one per plain and feed channel, or
    /// a single one with a null name when there are none.
    /// </summary>
    public static void Unsubscribe(ConnectionSession session, IReadOnlyList<ReadOnlyMemory<byte>> arguments, AwaitedReply reply)
    {
        var command = arguments[0];
        if (arguments.Count == 1)
        {
            if (session.Subscriptions.ChannelCount > 0 || session.Feeds.Channels.Count == 0)
            {
                session.Subscriptions.Unsubscribe([command], Network.PubSub.SubscriptionKind.Channel, reply);
            }

            foreach (var channel in session.Feeds.Channels.ToList())
            {
                LeaveFeed(session, Encoding.Latin1.GetBytes(channel), reply);
            }

            return;
        }

        for (var i = 1; i < arguments.Count; i++)
        {
            if (FeedChannel.IsFeed(arguments[i].Span))
            {
                LeaveFeed(session, arguments[i], reply);
            }
            else
            {
                session.Subscriptions.Unsubscribe([command, arguments[i]], Network.PubSub.SubscriptionKind.Channel, reply);
            }
        }
    }

    /// <summary>Ends feed channels the server takes away (a users reload), with the frames a client gets when it leaves them itself.</summary>
    public static void EndByServer(ConnectionSession session, IEnumerable<string> channels, AwaitedReply notice)
    {
        foreach (var channel in channels)
        {
            LeaveFeed(session, Encoding.Latin1.GetBytes(channel), notice);
        }
    }

    private static void LeaveFeed(ConnectionSession session, ReadOnlyMemory<byte> channel, AwaitedReply reply)
    {
        session.Feeds.LeaveChannel(Encoding.Latin1.GetString(channel.Span), reply);
        PubSubFrames.WriteConfirmation(reply.Bytes, PubSubFrames.Confirmation.Unsubscribe, channel.Span, false, session.Subscriptions.Count, session.Client.Protocol);
    }

    private static List<ReadOnlyMemory<byte>> Flush(ConnectionSession session, List<ReadOnlyMemory<byte>> run, ReadOnlyMemory<byte> command)
    {
        if (run.Count > 1)
        {
            var reply = new AwaitedReply(0, suppressed: false);
            session.Subscriptions.Subscribe(run, Network.PubSub.SubscriptionKind.Channel, reply);
            session.Replies.Add(reply);
        }

        return run.Count > 1 ? [command] : run;
    }
}

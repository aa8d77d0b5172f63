using ActorRooms.Broker.Rooms;
using Akka.Actor;

namespace ActorRooms.Broker.Network.Session;

/// <summary>
/// The rooms' answers to this connection's requests: publish acknowledgements (with the publisher's own copies),
/// joins and leaves, pattern confirmations, and a room that stopped. Each method returns true when a waiting reply
/// may have completed, so the connection flushes.
/// </summary>
public sealed class RoomAnswers(ConnectionSession session)
{
    /// <summary>A batch went out; <paramref name="sender"/> is its room (or the registry when no room exists).</summary>
    public bool BatchPublished(BatchPublished published, IActorRef sender)
    {
        if (session.Router.Complete(published.RequestId) is not { } request)
        {
            return false;
        }

        // Own copies are kept only for what this client still listens to (or is leaving but not yet confirmed).
        var subscriptions = session.Subscriptions;
        var own = published.Own?.Where(o => o.Pattern is null ? subscriptions.ListensTo(request.Message.Room) : subscriptions.ListensToPattern(o.Pattern)).ToList();
        request.Publish?.Acknowledge(published.Receivers, own ?? []);
        if (!sender.Equals(session.Peers.Rooms))
        {
            session.Router.Remember(request.Message.Room, sender);
        }

        session.Router.ForgetSurplus();
        return true;
    }

    public bool RoomJoined(RoomJoined joined, IActorRef room)
    {
        session.Router.Remember(joined.Room, room);
        return Complete(joined.RequestId);
    }

    public bool RoomLeft(RoomLeft left) => Complete(left.RequestId);

    /// <summary>A ROOM.JOIN (or a rejoin) answered: the join reply completes, or the rejoin's preamble goes out.</summary>
    public bool RoomFeedJoined(RoomFeedJoined joined, IActorRef room)
    {
        session.Router.Remember(joined.Room, room);
        session.Feeds.Joined(joined);
        Complete(joined.RequestId);
        return true;
    }

    public bool PatternRoomsNotified(PatternRoomsNotified notified) => session.Subscriptions.PatternRoomsNotified(notified.RequestId, notified.RoomsToConfirm);

    public bool PatternMembershipConfirmed(PatternMembershipConfirmed confirmed) => session.Subscriptions.PatternMembershipConfirmed(confirmed.RequestId);

    /// <summary>A watched actor stopped: if it was a room, what it owed goes again and its members join its successor.</summary>
    public void Terminated(IActorRef actor)
    {
        if (session.Router.RoomStopped(actor) is { } room)
        {
            session.Subscriptions.RoomStopped(room);
            session.Feeds.RoomStopped(room);
        }
    }

    private bool Complete(long requestId)
    {
        if (session.Router.Complete(requestId) is not { } request)
        {
            return false;
        }

        session.Subscriptions.RoomRequestCompleted(request.Message);
        session.Router.ForgetSurplus();
        if (request.Reply is null)
        {
            return false;
        }

        request.Reply.Outstanding--;
        return true;
    }
}

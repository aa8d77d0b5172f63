using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Stats;
using Akka.Actor;

namespace ActorRooms.Broker.Rooms.Ordering;

/// <summary>
/// A single node's room orders its own messages: each publish batch is numbered in the room's
/// <see cref="RoomLedger"/>, fanned out to every member, and acknowledged to the publisher with the receiver count
/// (and the publisher's own copies when it is a member). Members are confirmed at once.
/// </summary>
public sealed class LocalOrdering(RoomLedger ledger, RoomMembers members, RoomActivity activity, BrokerCounters counters, IActorContext context) : IRoomOrdering
{
    private readonly IActorRef _self = context.Self;

    /// <inheritdoc/>
    public RoomLedger Ledger => ledger;

    /// <inheritdoc/>
    public void ReceiveOn(IRoomReceiver room) => room.On<PublishBatch>(batch => Publish(batch, context.Sender));

    /// <summary>Orders, delivers and acknowledges one batch.</summary>
    public void Publish(PublishBatch batch, IActorRef publisher)
    {
        activity.Published();
        var orderedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var entries = ledger.Append(batch.Payloads, batch.Keys, orderedAtMs);
        var (receivers, own) = members.FanOut(batch.Payloads, publisher, toChannel: true, toPatterns: true);
        receivers += members.Feed.Deliver(ledger.Epoch, entries);
        ledger.Delivered(batch.Payloads.Count, receivers, orderedAtMs);
        counters.Published(batch.Payloads.Count, receivers);
        publisher.Tell(new BatchPublished(batch.RequestId, receivers, own), _self);
    }

    /// <inheritdoc/>
    public void Confirm(IActorRef member, object confirmation) => member.Tell(confirmation, _self);

    /// <inheritdoc/>
    public bool HoldJoin(JoinRoomFeed join, IActorRef sender) => false;

    /// <inheritdoc/>
    public bool HoldInfo(QueryRoomInfo query, IActorRef sender) => false;

    /// <inheritdoc/>
    public void MembersChanged()
    {
    }

    /// <inheritdoc/>
    public bool Terminated(IActorRef actor) => false;

    /// <inheritdoc/>
    public bool AskElsewhere(QueryRoomLast query, IActorRef asker) => false;

    /// <inheritdoc/>
    public void Stopped()
    {
    }
}

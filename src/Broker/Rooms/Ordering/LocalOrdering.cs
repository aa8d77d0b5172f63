using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Broker.Stats;
using Akka.Actor;

namespace ActorRooms.Broker.Rooms.Ordering;

/// <summary>
/// A single node's room orders its own messages: each publish batch is numbered in the room's
/// <see cref="RoomLedger"/>, fanned out to every member, and acknowledged to the publisher with the receiver count
/// (and the publisher's own copies when it is a member). Members are confirmed at once. The ledger is made when
/// something first reads or writes it (a publish, a ROOM.JOIN, ROOM.LAST or ROOM.INFO): a room that only ever has a
/// subscriber holds none, and its epoch is chosen then, which no reader can tell from choosing it at the start.
/// </summary>
public sealed class LocalOrdering(RoomFeatureSettings features, RoomMembers members, RoomActivity activity, BrokerCounters counters, IActorContext context) : IRoomOrdering
{
    private readonly IActorRef _self = context.Self;
    private RoomLedger? _ledger;

    /// <inheritdoc/>
    public RoomLedger Ledger => _ledger ??= new RoomLedger(features);

    /// <inheritdoc/>
    public bool Handle(object message, IActorRef sender)
    {
        if (message is not PublishBatch batch)
        {
            return false;
        }

        Publish(batch, sender);
        return true;
    }

    /// <summary>Orders, delivers and acknowledges one batch.</summary>
    public void Publish(PublishBatch batch, IActorRef publisher)
    {
        activity.Published();
        var orderedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ledger = Ledger;
        var entries = ledger.Append(batch.Payloads, batch.Keys, orderedAtMs);
        var (receivers, own) = members.FanOut(batch.Payloads, publisher, toChannel: true, toPatterns: true);
        receivers += members.DeliverToFeed(ledger.Epoch, entries);
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

using ActorRooms.Broker.Cluster;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// Cluster mode: publishes go through the room's owner, which orders them; deliveries come back through the room
/// topic (channel members) and the pattern topic (pattern members, routed here by the registry). The room follows
/// its topic from its first member until it stops, so a node where nobody is in the room receives nothing for it.
/// </summary>
public sealed partial class RoomActor
{
    private readonly RoomClusterLink? _cluster;
    private readonly PendingOwnerBatches _pendingOwnerBatches = new();
    private bool _followingTopic;

    private void ReceiveClusterMessages()
    {
        Receive<PublishBatch>(SendToOwner);
        Receive<OwnerAck>(OwnerAcknowledged);
        Receive<OrderedBatch>(DeliverOrdered);
        Receive<OwnerAckCheck>(_ => ExpireOwnerBatches(Environment.TickCount64 - (long)_cluster!.OwnerAckTimeout.TotalMilliseconds));
        Receive<OwnerNodeLost>(_ => ExpireOwnerBatches(long.MaxValue));
        Receive<SubscribeAck>(_ => { });
        Receive<UnsubscribeAck>(_ => { });
        ReceiveMirrorMessages();
    }

    private void SendToOwner(PublishBatch batch)
    {
        _publishedSinceIdleCheck = true;
        var ticket = _pendingOwnerBatches.Add(Sender, batch.RequestId, batch.Payloads.Count, Environment.TickCount64);
        _cluster!.OwnerRegion.Tell(new OwnerBatch(_room, ticket, PayloadBatch.Pack(batch.Payloads, batch.Keys)), Self);
        if (!Timers.IsTimerActive(OwnerAckCheck.Instance))
        {
            Timers.StartPeriodicTimer(OwnerAckCheck.Instance, OwnerAckCheck.Instance, _cluster.OwnerAckTimeout / 2);
        }
    }

    // PUBLISH's reply counts this node's subscriptions, as in Redis Cluster: other nodes' subscribers are not known here.
    private int LocalReceivers() => _members.Count + _feedMembers.Count + _patterns.Values.Sum(p => p.Count);

    private void OwnerAcknowledged(OwnerAck ack)
    {
        var done = _pendingOwnerBatches.Acknowledge(ack.Ticket, out var lost);
        if (lost > 0)
        {
            _counters.ClusterBatchUnconfirmed(lost);
            _log.Warning("Room {0}: {1} publish batch(es) never reached the room's owner (it moved or its node was lost); their PUBLISH replies were sent without them", _room, lost);
        }

        AnswerPublishers(done);
    }

    // Answers the batches sent before the deadline (all of them when a node has left the cluster).
    private void ExpireOwnerBatches(long sentBeforeMs)
    {
        var expired = _pendingOwnerBatches.Expire(sentBeforeMs);
        if (expired.Count > 0)
        {
            _counters.ClusterBatchUnconfirmed(expired.Count);
            _log.Warning("Room {0}: the room's owner did not take {1} publish batch(es) (owner-ack-timeout {2}, or its node left); their PUBLISH replies were sent without confirmation", _room, expired.Count, _cluster!.OwnerAckTimeout);
            AnswerPublishers(expired);
        }

        if (_pendingOwnerBatches.Count == 0)
        {
            Timers.Cancel(OwnerAckCheck.Instance);
        }
    }

    private void AnswerPublishers(List<PendingOwnerBatches.Pending> batches)
    {
        var receivers = LocalReceivers();
        foreach (var batch in batches)
        {
            _counters.Published(batch.Messages, 0);
            batch.Publisher.Tell(new BatchPublished(batch.RequestId, receivers), Self);
        }
    }

    private void DeliverOrdered(OrderedBatch batch)
    {
        var (payloads, keys) = PayloadBatch.Unpack(batch.Payloads);
        if (batch.ForPatterns)
        {
            // A pattern-only room lives while matching traffic arrives, as a single node's room lives while published to.
            _publishedSinceIdleCheck |= _patterns.Count > 0;
            _counters.Delivered(payloads.Count, FanOut(payloads, ActorRefs.Nobody, toMembers: false, toPatterns: true).Receivers);
            return;
        }

        var (receivers, _) = FanOut(payloads, ActorRefs.Nobody, toMembers: true, toPatterns: false);
        if (_mirroring)
        {
            // ROOM.JOIN members wait for the owner's ledger; the batch is numbered once it is here.
            _batchesWhileMirroring.Add(batch);
            _counters.Delivered(payloads.Count, receivers);
            return;
        }

        if (batch.Epoch == _ledger.Epoch && batch.FirstSeq > _ledger.LastSeq + 1 && _feedMembers.Count > 0)
        {
            RepairFromOwner(batch);
            _counters.Delivered(payloads.Count, receivers);
            return;
        }

        var entries = Mirror(batch, payloads, keys);
        receivers += DeliverToFeedMembers(entries);
        _ledger.Delivered(payloads.Count, receivers, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        _counters.Delivered(payloads.Count, receivers);
    }

    // Called whenever the members change: follow the room topic from the first member on, until the room stops. A
    // room that stopped following while keeping its ledger would miss batches without knowing; the idle stop ends
    // both together instead.
    private void FollowRoomTopic()
    {
        if (HasMembers)
        {
            StartFollowing();
        }
    }

    protected override void PostStop()
    {
        if (_cluster is not null && _followingTopic)
        {
            _cluster.Mediator.Tell(new Unsubscribe(ClusterTopics.Room(_room), Self));
        }

        // Batches still waiting for the owner are answered: their publishers must not wait for a room that is gone.
        var unanswered = _pendingOwnerBatches.Expire(long.MaxValue);
        if (unanswered.Count > 0)
        {
            _counters.ClusterBatchUnconfirmed(unanswered.Count);
            AnswerPublishers(unanswered);
        }
    }

    private sealed class OwnerAckCheck
    {
        public static OwnerAckCheck Instance { get; } = new();

        private OwnerAckCheck()
        {
        }
    }
}

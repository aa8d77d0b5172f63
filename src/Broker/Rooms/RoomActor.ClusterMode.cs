using ActorRooms.Broker.Cluster;
using Akka.Event;

namespace ActorRooms.Broker.Rooms;

/// <summary>
/// Cluster mode, the publishing side: publishes go to the room's owner, which orders them and acknowledges; the
/// publisher reads on only after that acknowledgement (or after <c>owner-ack-timeout</c>, counted), so TCP
/// back-pressure reaches across the cluster. Ordered batches come back point to point to the rooms that follow the
/// owner (RoomActor.ClusterFollower.cs), and to pattern subscribers through their node's registry.
/// </summary>
public sealed partial class RoomActor
{
    private readonly RoomClusterLink? _cluster;
    private readonly PendingOwnerBatches _pendingOwnerBatches = new();

    private void ReceiveClusterMessages()
    {
        Receive<PublishBatch>(SendToOwner);
        Receive<OwnerAck>(OwnerAcknowledged);
        Receive<OwnerAckCheck>(_ => ExpireOwnerBatches(Environment.TickCount64 - (long)_cluster!.OwnerAckTimeout.TotalMilliseconds));
        Receive<OwnerNodeLost>(_ => ExpireOwnerBatches(long.MaxValue));
        ReceiveFollowerMessages();
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

    protected override void PostStop()
    {
        StopFollowing();

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

using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Rooms.Delivery;
using ActorRooms.Broker.Stats;
using Akka.Actor;
using Akka.Event;

namespace ActorRooms.Broker.Rooms.Ordering;

/// <summary>
/// Cluster mode, the publishing side: publishes go to the room's owner, which orders them and acknowledges; the
/// publisher reads on only after that acknowledgement (or after <c>owner-ack-timeout</c>, counted), so TCP
/// back-pressure reaches across the cluster. PUBLISH's reply counts this node's subscriptions, as in Redis Cluster:
/// other nodes' subscribers are not known here.
/// </summary>
public sealed class OwnerPublisher(string room, RoomClusterLink link, RoomMembers members, BrokerCounters counters, ILoggingAdapter log, IActorRef self, RoomTimers timers)
{
    private readonly BatchesAwaitingOwner _pending = new();

    /// <summary>Handles the publishing side's messages; false for any other.</summary>
    public bool Handle(object message)
    {
        switch (message)
        {
            case OwnerAck ack:
                Acknowledged(ack);
                return true;
            case OwnerAckCheck:
                Expire(Environment.TickCount64 - (long)link.OwnerAckTimeout.TotalMilliseconds);
                return true;
            case OwnerNodeLost:
                Expire(long.MaxValue);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Sends one batch to the owner; its publisher is answered on the owner's acknowledgement.</summary>
    public void Send(PublishBatch batch, IActorRef publisher)
    {
        var ticket = _pending.Add(publisher, batch.RequestId, batch.Payloads.Count, Environment.TickCount64);
        link.OwnerRegion.Tell(new BatchToOrder(room, ticket, PackedPayloads.Pack(batch.Payloads, batch.Keys)), self);
        if (!timers.IsActive(OwnerAckCheck.Instance))
        {
            timers.StartPeriodic(OwnerAckCheck.Instance, OwnerAckCheck.Instance, link.OwnerAckTimeout / 2);
        }
    }

    /// <summary>The room stops: batches still waiting for the owner are answered (their publishers must not wait for a room that is gone).</summary>
    public void Stopped()
    {
        var unanswered = _pending.Expire(long.MaxValue);
        if (unanswered.Count > 0)
        {
            counters.ClusterBatchUnconfirmed(unanswered.Count);
            Answer(unanswered);
        }
    }

    private void Acknowledged(OwnerAck ack)
    {
        var done = _pending.Acknowledge(ack.Ticket, out var lost);
        if (lost > 0)
        {
            counters.ClusterBatchUnconfirmed(lost);
            log.Warning("Room {0}: {1} publish batch(es) never reached the room's owner (it moved or its node was lost); their PUBLISH replies were sent without them", room, lost);
        }

        Answer(done);
    }

    // Answers the batches sent before the deadline (all of them when a node has left the cluster).
    private void Expire(long sentBeforeMs)
    {
        var expired = _pending.Expire(sentBeforeMs);
        if (expired.Count > 0)
        {
            counters.ClusterBatchUnconfirmed(expired.Count);
            log.Warning("Room {0}: the room's owner did not take {1} publish batch(es) (owner-ack-timeout {2}, or its node left); their PUBLISH replies were sent without confirmation", room, expired.Count, link.OwnerAckTimeout);
            Answer(expired);
        }

        if (_pending.Count == 0)
        {
            timers.Cancel(OwnerAckCheck.Instance);
        }
    }

    private void Answer(List<BatchesAwaitingOwner.Pending> batches)
    {
        var receivers = members.LocalReceivers;
        foreach (var batch in batches)
        {
            counters.Published(batch.Messages, 0);
            batch.Publisher.Tell(new BatchPublished(batch.RequestId, receivers), self);
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

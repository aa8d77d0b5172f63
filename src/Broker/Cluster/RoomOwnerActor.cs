using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// The one owner of a room in cluster mode: a sharded entity (one per room name, somewhere in the cluster) through
/// which every publish to the room passes. The order in which it takes batches is the room's order; it publishes
/// each batch once to the room's topic (every node with channel members fans out locally) and once to the pattern
/// topic (nodes with pattern subscribers), then acknowledges the sending node so that its publisher may read on.
/// Passivated by sharding when idle; it keeps no state that outlives it yet (room features will add some).
/// </summary>
public sealed class RoomOwnerActor : ReceiveActor
{
    private readonly string _room;
    private readonly string _topic;
    private readonly IActorRef _mediator;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public RoomOwnerActor(string room)
    {
        _room = room;
        _topic = ClusterTopics.Room(room);
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
        Receive<OwnerBatch>(Order);
    }

    /// <summary>Props for the owner of <paramref name="room"/> (the sharded entity id).</summary>
    public static Props Props(string room) => Akka.Actor.Props.Create(() => new RoomOwnerActor(room));

    protected override void PreStart() => _log.Debug("Owner of room {0} started", _room);

    private void Order(OwnerBatch batch)
    {
        _mediator.Tell(new Publish(_topic, new OrderedBatch(_room, batch.Payloads, ForPatterns: false)));
        _mediator.Tell(new Publish(ClusterTopics.Patterns, new OrderedBatch(_room, batch.Payloads, ForPatterns: true)));
        Sender.Tell(new OwnerAck(batch.Ticket));
    }
}

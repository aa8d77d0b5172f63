using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Rooms;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// The one owner of a room in cluster mode: a sharded entity (one per room name, somewhere in the cluster) through
/// which every publish to the room passes. The order in which it takes batches is the room's order, and its
/// <see cref="RoomLedger"/> numbers them (epoch, seq) and keeps the room's history and last values. It publishes each
/// batch once to the room's topic (every node with members fans out locally) and once to the pattern topic (nodes
/// with pattern subscribers), then acknowledges the sending node so that its publisher may read on. A node whose room
/// starts following the topic asks for a copy of the ledger (<see cref="MirrorRequest"/>). Passivated by sharding
/// when idle; its next start has a new epoch, which readers see.
/// </summary>
public sealed class RoomOwnerActor : ReceiveActor
{
    private readonly string _room;
    private readonly string _topic;
    private readonly IActorRef _mediator;
    private readonly RoomLedger _ledger;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public RoomOwnerActor(string room, RoomFeatureSettings features)
    {
        _room = room;
        _topic = ClusterTopics.Room(room);
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
        _ledger = new RoomLedger(features);
        Receive<OwnerBatch>(Order);
        Receive<MirrorRequest>(request => Sender.Tell(new MirrorState(
            _room,
            _ledger.Epoch,
            _ledger.LastSeq,
            RoomEntryList.Pack(_ledger.Replay(request.Epoch == _ledger.Epoch ? request.FromSeq : 1).Entries),
            RoomEntryList.Pack(_ledger.LastValues()))));
    }

    /// <summary>Props for the owner of <paramref name="room"/> (the sharded entity id).</summary>
    public static Props Props(string room, RoomFeatureSettings features) => Akka.Actor.Props.Create(() => new RoomOwnerActor(room, features));

    protected override void PreStart() => _log.Debug("Owner of room {0} started with epoch {1}", _room, _ledger.Epoch);

    private void Order(OwnerBatch batch)
    {
        var (payloads, keys) = PayloadBatch.Unpack(batch.Payloads);
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var firstSeq = _ledger.LastSeq + 1;
        _ledger.Append(payloads, keys, nowMs);
        _mediator.Tell(new Publish(_topic, new OrderedBatch(_room, batch.Payloads, ForPatterns: false, _ledger.Epoch, firstSeq, nowMs)));
        _mediator.Tell(new Publish(ClusterTopics.Patterns, new OrderedBatch(_room, batch.Payloads, ForPatterns: true, _ledger.Epoch, firstSeq, nowMs)));
        Sender.Tell(new OwnerAck(batch.Ticket));
    }
}

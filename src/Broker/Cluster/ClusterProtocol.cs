using Akka.Actor;

namespace ActorRooms.Broker.Cluster;

/// <summary>
/// Marks the messages that cross the network between broker nodes. They are all serialized by
/// <see cref="ClusterMessageSerializer"/> as a few bytes of header around the pre-encoded payload batch, never by
/// the reflection-based default serializer.
/// </summary>
public interface IClusterMessage;

/// <summary>
/// Node-local room → the room's owner (through the shard region): one read's PUBLISHes to the room, to be ordered.
/// <paramref name="Payloads"/> is a <see cref="PackedPayloads"/> encoding; <paramref name="Ticket"/> identifies the batch to
/// the sending room.
/// </summary>
public sealed record BatchToOrder(string Room, long Ticket, ReadOnlyMemory<byte> Payloads) : IClusterMessage;

/// <summary>Owner → the sending room: the batch with this ticket is ordered and on its way to every registered node.</summary>
public sealed record OwnerAck(long Ticket) : IClusterMessage;

/// <summary>
/// Owner → a node, point to point: a batch in the room's one order, numbered by the owner's ledger: its messages are
/// <paramref name="FirstSeq"/>, <paramref name="FirstSeq"/> + 1, … of <paramref name="Epoch"/>, ordered at
/// <paramref name="TimeMs"/> (Unix ms). Sent to every node room registered with <see cref="FollowRoom"/> (its channel
/// and ROOM.JOIN members), and, with <paramref name="ForPatterns"/> set, to the registry of every node holding a
/// pattern that matches the room (its pattern subscribers only), so nobody receives a message twice.
/// </summary>
public sealed record OrderedBatch(string Room, ReadOnlyMemory<byte> Payloads, bool ForPatterns, long Epoch = 0, long FirstSeq = 0, long TimeMs = 0) : IClusterMessage;

/// <summary>
/// Node-local room → the room's owner (through the shard region): register me as a follower, and send me your ledger.
/// From the answer (<see cref="RoomFollowed"/>) on, the owner sends the sender every batch it orders. A room that
/// already holds a copy of <paramref name="Epoch"/> asks only for the history from <paramref name="FromSeq"/> on (to
/// fill a gap); any other epoch gets the whole history. Asking again is harmless: a follower is registered once.
/// </summary>
public sealed record FollowRoom(string Room, long Epoch = 0, long FromSeq = 1) : IClusterMessage;

/// <summary>
/// Owner → a follower, in the owner's order: you are registered, and this is the ledger as it stands, so that
/// ROOM.JOIN's SNAPSHOT, FROM and LAST on any node see the owner's history, last values and numbering.
/// <paramref name="History"/> and <paramref name="LastValues"/> are <see cref="RoomEntryList"/> encodings. Every
/// batch ordered after this answer follows it, in order (remoting keeps the order of one sender to one receiver).
/// </summary>
public sealed record RoomFollowed(string Room, long Epoch, long LastSeq, ReadOnlyMemory<byte> History, ReadOnlyMemory<byte> LastValues) : IClusterMessage;

/// <summary>Follower → its owner (directly): the node room stops; send it nothing more.</summary>
public sealed record UnfollowRoom(string Room) : IClusterMessage;

/// <summary>
/// Owner → its followers when it restarts after a failure (same actor, new state, empty follower set): register
/// again. An owner that stops or whose node is lost is seen through death watch instead.
/// </summary>
public sealed record FollowAgain(string Room) : IClusterMessage;

/// <summary>
/// A node's pattern interest actor → every node's (itself included): <paramref name="Node"/> (that node's room
/// registry) holds, or no longer holds, subscribers of <paramref name="Pattern"/>. Answered with
/// <see cref="PatternInterestAck"/> once the receiving node's owners see the change.
/// </summary>
public sealed record PatternInterestChanged(IActorRef Node, string Pattern, bool Added, long Id) : IClusterMessage;

/// <summary>The change with this id is in force on the answering node.</summary>
public sealed record PatternInterestAck(long Id) : IClusterMessage;

/// <summary>
/// A node's pattern interest actor → a node that just came up: every pattern <paramref name="Node"/> holds now
/// (replacing whatever the receiver knew of it).
/// </summary>
public sealed record PatternInterestSync(IActorRef Node, IReadOnlyList<string> Patterns) : IClusterMessage;

/// <summary>
/// A node → the room's owner (through the shard region): ROOM.LAST asked on a node whose room does not follow the
/// owner (no member there), so it has no copy of the ledger to answer from. <paramref name="Key"/> null: every key.
/// </summary>
public sealed record LastValuesAsked(string Room, string? Key) : IClusterMessage;

/// <summary>
/// Owner → the asker: its epoch, last seq and last values (a <see cref="RoomEntryList"/> encoding). <paramref name="Known"/>
/// is false when the owner has never ordered a message and nobody follows it (it was started by the question), which
/// a node answers as a single node answers for a room that does not exist.
/// </summary>
public sealed record LastValuesAnswered(long Epoch, long LastSeq, bool Known, ReadOnlyMemory<byte> Values) : IClusterMessage;

/// <summary>
/// Registry → room, cluster mode: a node left the cluster. Publish batches still waiting for an owner are answered
/// now instead of at their timeout: if their owner was on that node it is gone, and its replacement starts empty.
/// </summary>
public sealed class OwnerNodeLost
{
    public static OwnerNodeLost Instance { get; } = new();

    private OwnerNodeLost()
    {
    }
}

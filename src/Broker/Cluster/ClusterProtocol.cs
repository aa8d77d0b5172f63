namespace ActorRooms.Broker.Cluster;

/// <summary>
/// Marks the messages that cross the network between broker nodes. They are all serialized by
/// <see cref="ClusterMessageSerializer"/> as a few bytes of header around the pre-encoded payload batch, never by
/// the reflection-based default serializer.
/// </summary>
public interface IClusterMessage;

/// <summary>
/// Node-local room → the room's owner (through the shard region): one read's PUBLISHes to the room, to be ordered.
/// <paramref name="Payloads"/> is a <see cref="PayloadBatch"/> encoding; <paramref name="Ticket"/> identifies the batch to
/// the sending room.
/// </summary>
public sealed record OwnerBatch(string Room, long Ticket, ReadOnlyMemory<byte> Payloads) : IClusterMessage;

/// <summary>Owner → the sending room: the batch with this ticket is ordered and on its way to every interested node.</summary>
public sealed record OwnerAck(long Ticket) : IClusterMessage;

/// <summary>
/// Owner → every interested node, through distributed pub/sub: a batch in the room's one order, numbered by the
/// owner's ledger: its messages are <paramref name="FirstSeq"/>, <paramref name="FirstSeq"/> + 1, … of
/// <paramref name="Epoch"/>, ordered at <paramref name="TimeMs"/> (Unix ms). <paramref name="ForPatterns"/> marks the
/// copy sent on the pattern topic, which a node delivers only to its pattern subscribers (its channel members get the
/// room-topic copy), so nobody receives a message twice.
/// </summary>
public sealed record OrderedBatch(string Room, ReadOnlyMemory<byte> Payloads, bool ForPatterns, long Epoch = 0, long FirstSeq = 0, long TimeMs = 0) : IClusterMessage;

/// <summary>
/// Node-local room → the room's owner: send me your ledger. A room that already holds a copy of
/// <paramref name="Epoch"/> asks only for the history from <paramref name="FromSeq"/> on (to fill a gap); any other
/// epoch gets the whole history.
/// </summary>
public sealed record MirrorRequest(string Room, long Epoch = 0, long FromSeq = 1) : IClusterMessage;

/// <summary>
/// Owner → a node-local room: the ledger as it stands, so that ROOM.JOIN's SNAPSHOT, FROM and LAST on any node see
/// the owner's history and last values and its numbering. <paramref name="History"/> and <paramref name="LastValues"/>
/// are <see cref="RoomEntryList"/> encodings.
/// </summary>
public sealed record MirrorState(string Room, long Epoch, long LastSeq, ReadOnlyMemory<byte> History, ReadOnlyMemory<byte> LastValues) : IClusterMessage;

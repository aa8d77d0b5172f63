using System.Buffers;
using ActorRooms.Broker.Rooms;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.PubSub;

/// <summary>
/// The publishes of one socket read that go to one room, sent as one <see cref="Rooms.PublishBatch"/>.
/// Every message of a batch reaches the same receivers, so one acknowledgement answers all their PUBLISH replies.
/// </summary>
public sealed class PendingPublish(long requestId, string room)
{
    public long RequestId { get; } = requestId;

    public string Room { get; } = room;

    /// <summary>Payload slices, in order; handed to the room as they are, never changed after sending.</summary>
    public List<ReadOnlyMemory<byte>> Payloads { get; } = [];

    /// <summary>ROOM.PUBLISH keys, one per payload (null for none), or null while every message is a plain PUBLISH.</summary>
    public List<string?>? Keys { get; private set; }

    /// <summary>
    /// Adds a message; a plain PUBLISH (<paramref name="roomPublish"/> false, no key) costs no more than before keys
    /// existed. A ROOM.PUBLISH, keyed or not, makes <see cref="Keys"/> non-null: that tells the registry to start the room.
    /// </summary>
    public void Add(ReadOnlyMemory<byte> payload, string? key, bool roomPublish)
    {
        if (roomPublish && Keys is null)
        {
            Keys = [.. Enumerable.Repeat<string?>(null, Payloads.Count)];
        }

        Payloads.Add(payload);
        Keys?.Add(key);
    }

    /// <summary>Receivers per message, once acknowledged.</summary>
    public int Receivers { get; private set; }

    public bool IsAcknowledged { get; private set; }

    private IReadOnlyList<OwnFrames> _own = [];
    private int[][]? _ownFrameStarts;

    /// <summary>The room's answer, with the publisher's own copies it still listens to.</summary>
    public void Acknowledge(int receivers, IReadOnlyList<OwnFrames> own)
    {
        Receivers = receivers;
        _own = own;
        IsAcknowledged = true;
    }

    /// <summary>
    /// Writes the publisher's own copies of message <paramref name="index"/> (its <c>message</c>, then its
    /// <c>pmessage</c>s): Redis delivers them before the PUBLISH reply. Frame sizes follow from the payload lengths.
    /// </summary>
    public void WriteOwnCopies(int index, IBufferWriter<byte> output)
    {
        if (_own.Count == 0)
        {
            return;
        }

        _ownFrameStarts ??= _own.Select(FrameStarts).ToArray();
        for (var i = 0; i < _own.Count; i++)
        {
            var starts = _ownFrameStarts[i];
            output.Write(_own[i].Frames.Slice(starts[index], starts[index + 1] - starts[index]).ToReadOnlySpan());
        }
    }

    private int[] FrameStarts(OwnFrames copy)
    {
        var prefix = copy.Pattern is null
            ? (ShardChannels.IsShard(Room) ? PubSubFrames.MessagePrefixLength(Room.Length - 1, shard: true) : PubSubFrames.MessagePrefixLength(Room.Length))
            : PubSubFrames.PatternMessagePrefixLength(copy.Pattern.Length, Room.Length);
        var starts = new int[Payloads.Count + 1];
        for (var i = 0; i < Payloads.Count; i++)
        {
            starts[i + 1] = starts[i] + prefix + RespWriter.BulkStringSize(Payloads[i].Length);
        }

        return starts;
    }
}

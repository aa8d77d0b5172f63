using System.Text;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.Routing;
using ActorRooms.Broker.Rooms;

namespace ActorRooms.Broker.Network.PubSub;

/// <summary>
/// The publishes of one socket read, one batch per room: each PUBLISH (or SPUBLISH, ROOM.PUBLISH) joins its room's batch and
/// queues its reply, and at the end of the read (or before anything else touches rooms, so each room sees this
/// client's requests in order) every batch goes to its room as one <see cref="PublishBatch"/>. The payloads are
/// slices of the read; nothing is copied per message.
/// </summary>
public sealed class PublishBatcher(RoomRouter router, ReplyPipeline replies)
{
    private readonly Dictionary<string, PendingPublish> _batches = [];

    // The batch of the previous PUBLISH in this read and its room's bytes (a slice of the read).
    private PendingPublish? _lastBatch;
    private ReadOnlyMemory<byte> _lastBatchRoom;
    private bool _lastBatchShard;

    /// <summary>True while a batch of this read has not been sent.</summary>
    public bool HasUnsent => _batches.Count > 0;

    /// <summary>Adds a message to its room's batch of this read and queues its reply (adjacent replies of one batch share a part).</summary>
    public void Add(ReadOnlyMemory<byte> roomName, ReadOnlyMemory<byte> payload, string? key, bool roomPublish, bool suppressed, bool shard = false)
    {
        // Consecutive PUBLISHes to one room (the common pipelined case) find their batch without decoding the name.
        var batch = _lastBatch is not null && _lastBatchShard == shard && _lastBatchRoom.Span.SequenceEqual(roomName.Span) ? _lastBatch : null;
        if (batch is null)
        {
            // SPUBLISH goes to the shard channel's room, a namespace of its own.
            var room = Encoding.Latin1.GetString(roomName.Span);
            if (shard)
            {
                room = ShardChannels.RoomOf(room);
            }

            if (!_batches.TryGetValue(room, out batch))
            {
                batch = new PendingPublish(router.NextRequestId(), room);
                _batches.Add(room, batch);
            }

            _lastBatch = batch;
            _lastBatchRoom = roomName;
            _lastBatchShard = shard;
        }

        batch.Add(payload, key, roomPublish);
        if (replies.Last is PublishReply last && ReferenceEquals(last.Publish, batch) && last.Suppressed == suppressed)
        {
            last.Repeat++;
        }
        else
        {
            replies.Add(new PublishReply(batch, batch.Payloads.Count - 1, suppressed));
        }
    }

    /// <summary>Sends each room the one batch of this read.</summary>
    public void SendAll()
    {
        foreach (var batch in _batches.Values)
        {
            router.Send(new PublishBatch(batch.RequestId, batch.Room, batch.Payloads, batch.Keys), publish: batch);
        }

        _batches.Clear();
        _lastBatch = null;
    }
}

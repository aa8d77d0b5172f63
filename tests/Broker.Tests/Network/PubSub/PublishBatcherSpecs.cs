using System.Text;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.PubSub;
using ActorRooms.Broker.Network.Routing;
using ActorRooms.Broker.Rooms;

namespace ActorRooms.Broker.Tests.Network.PubSub;

public sealed class PublishBatcherSpecs
{
    private readonly RecordingRef _registry = new("rooms");
    private readonly ReplyPipeline _replies = new();
    private readonly RoomRouter _router;
    private readonly PublishBatcher _batcher;

    public PublishBatcherSpecs()
    {
        var host = new FakeHost();
        _router = new RoomRouter(_registry, host.Self, 10, host, _ => false);
        _batcher = new PublishBatcher(_router, _replies);
    }

    [Fact]
    public void Should_send_one_batch_per_room_in_order_when_the_read_ends()
    {
        Publish("a", "1");
        Publish("b", "2");
        Publish("a", "3");
        Assert.Empty(_registry.Received);
        Assert.True(_batcher.HasUnsent);

        _batcher.SendAll();

        var batches = _registry.Received.OfType<PublishBatch>().ToList();
        Assert.Equal(["a", "b"], batches.Select(b => b.Room));
        Assert.Equal(["1", "3"], batches[0].Payloads.Select(p => Encoding.Latin1.GetString(p.Span)));
        Assert.Null(batches[0].Keys);
        Assert.False(_batcher.HasUnsent);
    }

    [Fact]
    public void Should_answer_adjacent_publishes_of_one_batch_with_one_reply_part_when_acknowledged()
    {
        Publish("a", "1");
        Publish("a", "2");
        Publish("b", "3");
        _batcher.SendAll();
        var batches = _registry.Received.OfType<PublishBatch>().ToList();

        _router.Complete(batches[1].RequestId)!.Publish!.Acknowledge(5, []);
        Assert.Equal(string.Empty, Encoding.Latin1.GetString(_replies.TakeCompleted().ToArray()));
        _router.Complete(batches[0].RequestId)!.Publish!.Acknowledge(2, []);

        Assert.Equal(":2\r\n:2\r\n:5\r\n", Encoding.Latin1.GetString(_replies.TakeCompleted().ToArray()));
    }

    [Fact]
    public void Should_carry_keys_when_a_room_publish_joins_the_batch()
    {
        Publish("a", "1");
        _batcher.Add(Bytes("a"), Bytes("2"), "k", roomPublish: true, suppressed: false);

        _batcher.SendAll();

        Assert.Equal([null, "k"], _registry.Last<PublishBatch>().Keys!);
    }

    private void Publish(string room, string payload) => _batcher.Add(Bytes(room), Bytes(payload), key: null, roomPublish: false, suppressed: false);

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.Latin1.GetBytes(text);
}

using System.Text;
using ActorRooms.Clients.Pump;
using ActorRooms.Clients.Tests.Support;

namespace ActorRooms.Clients.Tests.Pump;

public sealed class PublishBatchWriterSpecs
{
    [Fact]
    public void Should_write_publish_commands_a_redis_server_reads_when_batching()
    {
        var writer = new PublishBatchWriter();
        var prefix = PublishBatchWriter.CommandPrefix("prices");

        writer.Add(prefix, "one"u8);
        writer.Add(prefix, "{\"symbol\":\"AAPL\"}"u8);
        var commands = writer.Take();

        Assert.Equal(2, commands.Count);
        Assert.Equal(
            "*3\r\n$7\r\nPUBLISH\r\n$6\r\nprices\r\n$3\r\none\r\n*3\r\n$7\r\nPUBLISH\r\n$6\r\nprices\r\n$17\r\n{\"symbol\":\"AAPL\"}\r\n",
            Encoding.UTF8.GetString(commands.Data.ToArray()));
    }

    [Fact]
    public void Should_spread_commands_over_pooled_64k_buffers_without_cutting_one_when_a_tick_is_large()
    {
        var writer = new PublishBatchWriter();
        var prefix = PublishBatchWriter.CommandPrefix("prices");
        var payload = Encoding.UTF8.GetBytes(new string('x', 100));

        for (var i = 0; i < 3000; i++)
        {
            writer.Add(prefix, payload);
        }

        var commands = writer.Take();

        Assert.Equal(3000, commands.Count);
        Assert.True(commands.PooledBuffers.Count >= 5, $"{commands.PooledBuffers.Count} buffers");
        Assert.All(commands.PooledBuffers, b => Assert.True(b.Length < 85_000));
        var parsed = RespText.Commands(commands.Data);
        Assert.Equal(3000, parsed.Count);
        Assert.All(parsed, c => Assert.Equal(["PUBLISH", "prices", new string('x', 100)], c));
    }

    [Fact]
    public void Should_start_empty_again_when_a_batch_was_taken()
    {
        var writer = new PublishBatchWriter();
        writer.Add(PublishBatchWriter.CommandPrefix("a"), "1"u8);
        writer.Take();

        var next = writer.Take();

        Assert.Equal(0, next.Count);
        Assert.True(next.Data.IsEmpty);
        Assert.Empty(next.PooledBuffers);
    }
}

using ActorRooms.Broker.Tls;

namespace ActorRooms.Broker.Tests.Tls;

/// <summary>The in-memory transport under SslStream: bytes in order across feeds and reads, a waiting read, the end of input, and one output signal per batch.</summary>
public sealed class TlsTransportStreamSpecs
{
    [Fact]
    public async Task Should_return_fed_bytes_in_order_when_reads_are_smaller_than_feeds()
    {
        var stream = new TlsTransportStream(() => { }, () => { });
        stream.Feed(new byte[] { 1, 2, 3 });
        stream.Feed(new byte[] { 4, 5 });
        var buffer = new byte[2];
        var read = new List<byte>();

        while (read.Count < 5)
        {
            var count = await stream.ReadAsync(buffer);
            read.AddRange(buffer[..count]);
        }

        Assert.Equal([1, 2, 3, 4, 5], read);
    }

    [Fact]
    public async Task Should_say_it_is_starved_and_complete_the_waiting_read_when_bytes_arrive_later()
    {
        var starved = 0;
        var stream = new TlsTransportStream(() => starved++, () => { });
        var buffer = new byte[4];

        var pending = stream.ReadAsync(buffer);
        Assert.False(pending.IsCompleted);
        Assert.Equal(1, starved);
        stream.Feed(new byte[] { 7, 8, 9, 10, 11 });

        Assert.Equal(4, await pending);
        Assert.Equal([7, 8, 9, 10], buffer);
        Assert.Equal(1, await stream.ReadAsync(buffer));
        Assert.Equal(11, buffer[0]);
    }

    [Fact]
    public async Task Should_end_a_waiting_read_with_zero_when_the_input_ends()
    {
        var stream = new TlsTransportStream(() => { }, () => { });
        var pending = stream.ReadAsync(new byte[4]);

        stream.EndInput();

        Assert.Equal(0, await pending);
        Assert.Equal(0, await stream.ReadAsync(new byte[4]));
    }

    [Fact]
    public void Should_signal_output_once_until_taken_and_not_at_all_for_inline_writes()
    {
        var signals = 0;
        var stream = new TlsTransportStream(() => { }, () => signals++);

        stream.Write([1, 2]);
        stream.Write([3]);
        Assert.Equal(1, signals);
        Assert.Equal([1, 2, 3], stream.TakeOutput());
        stream.WriteInline(() => stream.Write([4]));

        Assert.Equal(1, signals);
        Assert.Equal([4], stream.TakeOutput());
        Assert.Empty(stream.TakeOutput());
    }
}

using System.Buffers;
using System.Text;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Stats;
using Akka.IO;

namespace ActorRooms.Broker.Tests.Network.Output;

public sealed class ConnectionOutputSpecs
{
    [Fact]
    public void Should_request_one_read_at_a_time_when_nothing_is_pending()
    {
        var output = new ConnectionOutput(TestSettings.Default, new BrokerCounters());

        Assert.True(output.TryRequestRead(commandsWaiting: false));
        Assert.False(output.TryRequestRead(commandsWaiting: false));

        output.ReadArrived(0);
        Assert.True(output.TryRequestRead(commandsWaiting: false));
    }

    [Fact]
    public void Should_read_on_while_replies_wait_until_the_waiting_reads_reach_their_bound()
    {
        var output = new ConnectionOutput(TestSettings.Default with { MaxUnansweredReadBytes = 100 }, new BrokerCounters());
        var first = new AwaitedReply(1, suppressed: false);
        output.Replies.Add(first);
        output.ReadRan(60);

        Assert.True(output.TryRequestRead(commandsWaiting: false)); // 60 of 100 bytes wait: read on

        output.ReadArrived(0);
        output.Replies.Add(new AwaitedReply(1, suppressed: false));
        output.ReadRan(60);
        Assert.False(output.TryRequestRead(commandsWaiting: false)); // 120 wait

        first.Outstanding = 0;
        output.TakeCompletedReplies();
        Assert.Equal(60, output.Unanswered.Bytes);
        Assert.True(output.TryRequestRead(commandsWaiting: false));
    }

    [Fact]
    public void Should_count_a_read_whose_replies_all_left_at_once_as_answered()
    {
        var output = new ConnectionOutput(TestSettings.Default with { MaxUnansweredReadBytes = 10 }, new BrokerCounters());
        RespText(output, "+PONG\r\n");
        output.ReadRan(1000);
        output.TakeCompletedReplies();

        Assert.Equal(0, output.Unanswered.Bytes);
        Assert.True(output.TryRequestRead(commandsWaiting: false));
    }

    [Fact]
    public void Should_not_request_a_read_while_a_command_or_a_batch_waits()
    {
        var output = new ConnectionOutput(TestSettings.Default, new BrokerCounters());

        Assert.False(output.TryRequestRead(commandsWaiting: true));
    }

    [Fact]
    public void Should_not_request_a_read_when_the_output_is_over_the_pause_threshold()
    {
        var output = new ConnectionOutput(TestSettings.Default with { PauseReadingAbove = 10 }, new BrokerCounters());
        output.Queue.Enqueue(ByteString.FromBytes(new byte[11]));

        Assert.False(output.TryRequestRead(commandsWaiting: false));
    }

    [Fact]
    public void Should_move_completed_replies_in_order_and_count_what_is_written()
    {
        var counters = new BrokerCounters();
        var output = new ConnectionOutput(TestSettings.Default, counters);
        RespText(output, "+A\r\n");
        var pending = new AwaitedReply(1, suppressed: false);
        output.Replies.Add(pending);
        RespText(output, "+C\r\n");

        output.TakeCompletedReplies();
        Assert.True(output.TryTakeWrite(out var first));
        Assert.Equal("+A\r\n", Encoding.Latin1.GetString(first.ToArray()));

        pending.Outstanding = 0;
        output.Acknowledge();
        output.TakeCompletedReplies();
        Assert.True(output.TryTakeWrite(out var second));
        Assert.Equal("+C\r\n", Encoding.Latin1.GetString(second.ToArray()));
        Assert.Equal(8, counters.NetOutputBytes);
    }

    [Fact]
    public void Should_name_the_limit_when_the_connection_holds_more_than_its_bound()
    {
        var output = new ConnectionOutput(TestSettings.Default with { MaxQueuedBytes = 100 }, new BrokerCounters());
        output.Queue.Enqueue(ByteString.FromBytes(new byte[100]));
        Assert.Null(output.OverLimit());

        output.Queue.Enqueue(ByteString.FromBytes(new byte[1]));

        Assert.Equal("output buffer limit of 100 bytes reached", output.OverLimit());
    }

    [Fact]
    public void Should_drop_the_queue_tell_the_client_and_take_no_more_deliveries_when_shed()
    {
        var counters = new BrokerCounters();
        var output = new ConnectionOutput(TestSettings.Default, counters);
        output.Queue.Enqueue(ByteString.FromBytes(new byte[50]));
        output.Replies.Add(new AwaitedReply(1, suppressed: false));

        var dropped = output.Shed("too slow");
        output.Deliver(ByteString.FromBytes(new byte[10]));

        Assert.Equal(50, dropped);
        Assert.Equal(1, counters.SlowConsumerDisconnections);
        Assert.True(output.TryTakeWrite(out var notice));
        Assert.Equal("-ERR slow consumer: too slow; connection closed\r\n", Encoding.Latin1.GetString(notice.ToArray()));
        Assert.Null(output.OverLimit());
        output.Acknowledge();
        Assert.True(output.IsDrainedForClose); // a pending reply does not hold a shed client's close
    }

    [Fact]
    public void Should_wait_for_pending_replies_before_closing_when_not_shed()
    {
        var output = new ConnectionOutput(TestSettings.Default, new BrokerCounters());
        var pending = new AwaitedReply(1, suppressed: false);
        output.Replies.Add(pending);

        Assert.False(output.IsDrainedForClose);
        pending.Outstanding = 0;
        output.TakeCompletedReplies();
        Assert.True(output.IsDrainedForClose); // an empty awaited reply writes nothing
    }

    private static void RespText(ConnectionOutput output, string text) =>
        output.Replies.Ready.Write(Encoding.Latin1.GetBytes(text));
}

using ActorRooms.Benchmarks;

namespace ActorRooms.EndToEnd.Tests.BenchmarkSmoke;

/// <summary>The benchmark's report: every server side by side, ActorRooms's ratio to each peer, none for side facts.</summary>
public sealed class BenchmarkReportSpecs
{
    [Fact]
    public void The_report_shows_the_ratio_to_redis_server_and_to_nats_server()
    {
        var rate = new Row("F4 many rooms, pipelined", "v", "delivered msgs/s", "msgs/s", true);
        rate.Add(Report.Ours, 200_000);
        rate.Add(Report.Theirs, 100_000);
        rate.Add(Report.Nats, 400_000);

        var line = Report.Markdown([rate]).Split('\n').Single(l => l.StartsWith("| F4", StringComparison.Ordinal));

        Assert.Equal("| F4 many rooms, pipelined | v | delivered msgs/s | 200.0k msgs/s | 100.0k msgs/s | 400.0k msgs/s | 2.00× | 0.50× |", line.TrimEnd('\r'));
    }

    [Fact]
    public void A_side_fact_row_is_shown_without_a_ratio()
    {
        var cpu = new Row("F4 many rooms, pipelined", "v", "client CPU", "%", false, Comparable: false);
        cpu.Add(Report.Ours, 40);
        cpu.Add(Report.Theirs, 80);

        var line = Report.Markdown([cpu]).Split('\n').Single(l => l.StartsWith("| F4", StringComparison.Ordinal));

        Assert.EndsWith("| 40.0 % | 80.0 % | – | – | – |", line.TrimEnd('\r'));
    }

    [Fact]
    public void A_ratio_row_is_shown_with_two_decimals_and_no_ratio_to_peers()
    {
        var ratio = new Row("F1-WS fan-out to WebSocket subscribers", "v", "WebSocket ÷ RESP", "×", true, Comparable: false);
        ratio.Add(Report.Ours, 0.456);

        var line = Report.Markdown([ratio]).Split('\n').Single(l => l.StartsWith("| F1-WS", StringComparison.Ordinal));

        Assert.EndsWith("| 0.46 × | – | – | – | – |", line.TrimEnd('\r'));
    }
}

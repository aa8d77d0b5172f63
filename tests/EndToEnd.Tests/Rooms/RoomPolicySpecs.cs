using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Rooms;

/// <summary>
/// A room feed member (ROOM.JOIN, or SUBSCRIBE room:…?policy=…) that stops reading during a flood, with POLICY conflate or drop-oldest: the broker holds a
/// bounded amount for it, a healthy member of the same room loses nothing, and when the stalled one reads again it
/// gets the newest value of every key (conflate) or every message except exactly reported gaps (drop-oldest).
/// </summary>
[Collection(nameof(RoomFeaturesCollection))]
public sealed class RoomPolicySpecs(RoomFeaturesBroker broker)
{
    private const int Keys = 20;
    private const int PayloadSize = 200;
    private const int Messages = 40_000;
    private const int Batch = 500;

    // The stalled member's output: the behind bound, plus the batch that crossed it, plus one coalesced write in flight.
    private const long OutputBound = RoomFeaturesBroker.MemberBehindBytes + (Batch * 400) + (64 * 1024);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_hold_a_bounded_amount_and_deliver_the_newest_value_of_every_key_when_a_conflate_member_resumes(bool viaChannel)
    {
        var flood = await FloodAsync($"conflate-flood-{viaChannel}", "conflate", viaChannel);

        Assert.True(flood.MaxBacklogBytes <= Keys * PayloadSize, $"backlog reached {flood.MaxBacklogBytes} bytes");
        Assert.True(flood.MaxStalledOutput <= OutputBound, $"the stalled member's output reached {flood.MaxStalledOutput} bytes");

        // Resume: the stalled member reads until every key's last value has arrived.
        var newest = new Dictionary<string, long>();
        var conflatedNotices = 0;
        while (!flood.Publisher.Latest.All(k => newest.GetValueOrDefault(k.Key) == k.Value))
        {
            var push = FeedFrame.Parse(await flood.Stalled.ReadFrameAsync(TimeSpan.FromSeconds(10)));
            if (push.Kind == "roomconflated")
            {
                conflatedNotices++;
                continue;
            }

            Assert.Equal("roommsg", push.Kind);
            var (key, n) = KeyedPublisher.ParsePayload(push.Payload!);
            Assert.True(n > newest.GetValueOrDefault(key), $"{key}:{n} after {key}:{newest.GetValueOrDefault(key)}");
            newest[key] = n;
        }

        Assert.True(conflatedNotices > 0);
        Assert.True(broker.Node.Counters.RoomMessagesConflated >= flood.ConflatedBefore + 1);
        await flood.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_report_every_dropped_seq_in_a_gap_and_deliver_the_rest_when_a_drop_oldest_member_resumes(bool viaChannel)
    {
        var flood = await FloodAsync($"drop-flood-{viaChannel}", "drop-oldest", viaChannel);

        Assert.True(flood.MaxBacklogBytes <= RoomFeaturesBroker.MemberBacklogBytes, $"backlog reached {flood.MaxBacklogBytes} bytes");
        Assert.True(flood.MaxStalledOutput <= OutputBound, $"the stalled member's output reached {flood.MaxStalledOutput} bytes");

        // Resume: read until the last seq; every seq must be received once or inside exactly one reported gap.
        var finalSeq = flood.StalledJoinedAt + Messages;
        var received = new HashSet<long>();
        var gaps = new List<(long From, long To)>();
        long lastSeen = 0;
        while (lastSeen < finalSeq)
        {
            var push = FeedFrame.Parse(await flood.Stalled.ReadFrameAsync(TimeSpan.FromSeconds(10)));
            if (push.Kind == "roomgap")
            {
                gaps.Add((push.From, push.To));
                lastSeen = push.To;
                continue;
            }

            Assert.Equal("roommsg", push.Kind);
            Assert.True(received.Add(push.Seq), $"seq {push.Seq} twice");
            lastSeen = push.Seq;
        }

        Assert.NotEmpty(gaps);
        for (var seq = flood.StalledJoinedAt + 1; seq <= finalSeq; seq++)
        {
            var inGaps = gaps.Count(g => seq >= g.From && seq <= g.To);
            Assert.True(received.Contains(seq) ? inGaps == 0 : inGaps == 1, $"seq {seq}: received {received.Contains(seq)}, in {inGaps} gaps");
        }

        await flood.DisposeAsync();
    }

    /// <summary>A healthy member and a stalled one join; a flood goes out; the healthy one must get all of it, in order.</summary>
    private async Task<Flood> FloodAsync(string room, string policy, bool viaChannel)
    {
        var endpoint = broker.Node.Endpoint;
        var publisherConnection = await RespConnection.ConnectAsync(endpoint);
        var healthy = await RespConnection.ConnectAsync(endpoint);
        var stalled = await RespConnection.ConnectAsync(endpoint, receiveBufferSize: 4096);
        await stalled.SendCommandAsync("CLIENT", "ID");
        var stalledId = (long)RespTree.Parse(await stalled.ReadFrameAsync())!;
        var healthyJoinedAt = (await RoomPush.JoinAsync(healthy, room)).Seq;
        // The stalled member joins by ROOM.JOIN or by SUBSCRIBE room:<room>?policy=…: the same guarantees either way.
        var stalledJoinedAt = (await FeedFrame.JoinAsync(stalled, viaChannel, room, "POLICY", policy)).Seq;
        var disconnectionsBefore = broker.Node.Counters.SlowConsumerDisconnections;
        var conflatedBefore = broker.Node.Counters.RoomMessagesConflated;

        var healthyReading = Task.Run(async () =>
        {
            for (var expected = healthyJoinedAt + 1; expected <= healthyJoinedAt + Messages; expected++)
            {
                var push = RoomPush.Parse(await healthy.ReadFrameAsync(TimeSpan.FromSeconds(30)));
                Assert.Equal(expected, push.Seq);
            }
        });

        var publisher = new KeyedPublisher(publisherConnection, room, Keys, PayloadSize);
        long maxBacklog = 0;
        long maxStalledOutput = 0;
        for (var sent = 0; sent < Messages; sent += Batch)
        {
            await publisher.PublishBatchAsync(Batch);
            maxBacklog = Math.Max(maxBacklog, broker.Node.Counters.RoomBacklogBytes);
            maxStalledOutput = Math.Max(maxStalledOutput, await OutputOfAsync(publisherConnection, stalledId));
        }

        await healthyReading;
        Assert.Equal(disconnectionsBefore, broker.Node.Counters.SlowConsumerDisconnections);
        return new Flood(publisherConnection, healthy, stalled, publisher, stalledJoinedAt, maxBacklog, maxStalledOutput, conflatedBefore);
    }

    // CLIENT LIST ID n: the client's omem (output queued or being written).
    private static async Task<long> OutputOfAsync(RespConnection connection, long clientId)
    {
        await connection.SendCommandAsync("CLIENT", "LIST", "ID", clientId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var line = (string)RespTree.Parse(await connection.ReadFrameAsync())!;
        var field = line.Split(' ').Single(f => f.StartsWith("omem=", StringComparison.Ordinal));
        return long.Parse(field["omem=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed record Flood(
        RespConnection PublisherConnection,
        RespConnection Healthy,
        RespConnection Stalled,
        KeyedPublisher Publisher,
        long StalledJoinedAt,
        long MaxBacklogBytes,
        long MaxStalledOutput,
        long ConflatedBefore) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await PublisherConnection.DisposeAsync();
            await Healthy.DisposeAsync();
            await Stalled.DisposeAsync();
        }
    }
}

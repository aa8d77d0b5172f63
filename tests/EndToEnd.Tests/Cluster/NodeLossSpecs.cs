using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// Three broker programs on loopback form one broker; one is killed with SIGKILL while publishers run. The others
/// carry on, lose nothing for their readers once the split-brain resolver has removed the dead node, and the node
/// rejoins when started again. ROOM.JOIN members of the rooms whose owner died see a <c>roomreset</c> with the new
/// owner's epoch, or carry on, but never a silent jump in seq.
/// </summary>
[Collection(NodeLossCollection.Name)]
public sealed class NodeLossSpecs : IAsyncLifetime
{
    private const int Rooms = 10;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(20);
    private readonly string _configFile = Path.Combine(Path.GetTempPath(), $"actorrooms-cluster-{Guid.NewGuid():N}.conf");
    private readonly List<BrokerProcessNode> _nodes = [];
    private readonly int[] _ports = [FreePort.Next(), FreePort.Next(), FreePort.Next()];
    private readonly int[] _clusterPorts = [FreePort.Next(), FreePort.Next(), FreePort.Next()];

    public async ValueTask InitializeAsync()
    {
        // The shipped resolver settings, with a failure detector a little more patient than Akka's 3 s so that a
        // loaded 2-core test machine is not mistaken for a dead node.
        await File.WriteAllTextAsync(_configFile, "akka.cluster.failure-detector.acceptable-heartbeat-pause = 5s\n");
        for (var i = 0; i < 3; i++)
        {
            _nodes.Add(await BrokerProcessNode.StartAsync(_ports[i], _clusterPorts[i], _clusterPorts, _configFile));
        }

        foreach (var node in _nodes)
        {
            await node.WaitForMembersAsync(3, Timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        File.Delete(_configFile);
    }

    [Fact]
    public async Task Should_keep_serving_the_surviving_nodes_when_one_is_killed_and_serve_again_when_it_rejoins()
    {
        var redisCli = ExternalTools.RedisCli;
        var rooms = Enumerable.Range(0, Rooms).Select(r => $"loss.{Guid.NewGuid():N}.{r}").ToArray();
        var output = TestContext.Current.TestOutputHelper!;

        // redis-cli publishes through node 1 right after readers on nodes 2 and 3 are confirmed; they get it.
        await using var reader2 = await ClusterMessages.SubscribeAsync(_nodes[1].Endpoint, rooms[0]);
        await using var reader3Probe = await ClusterMessages.SubscribeAsync(_nodes[2].Endpoint, rooms[0]);

        var (exitCode, published, errors) = await CliProcess.RunAsync(redisCli, Timeout, "-p", _ports[0].ToString(CultureInfo.InvariantCulture), "PUBLISH", rooms[0], "via redis-cli");
        Assert.True(exitCode == 0, errors);
        Assert.Equal("0\n", published); // node 1 has no subscribers of its own
        Assert.Equal("via redis-cli", (await reader2.ReadPayloadsAsync(1, Timeout))[0]);
        Assert.Equal("via redis-cli", (await reader3Probe.ReadPayloadsAsync(1, Timeout))[0]);

        // Readers on the nodes that survive, each subscribed to every room; one publisher per room on node 1.
        var readers = new[] { await RoomReader.StartAsync(_nodes[0], rooms), await RoomReader.StartAsync(_nodes[2], rooms) };
        var feeds = new[] { await RoomFeedReader.StartAsync(_nodes[0], rooms), await RoomFeedReader.StartAsync(_nodes[2], rooms) };
        var publishers = new List<RoomPublisher>();
        using var stopPublishing = new CancellationTokenSource();
        try
        {
            foreach (var room in rooms)
            {
                publishers.Add(await RoomPublisher.StartAsync(_nodes[0], room, PublishInterval, stopPublishing.Token));
            }

            await Eventually.HoldsAsync(() => readers.All(r => r.HasReceivedFromAll(rooms)), Timeout, "every reader to receive from every room");
            var clock = Stopwatch.StartNew();
            await _nodes[1].KillAsync();
            var killedAt = clock.Elapsed;
            await _nodes[0].WaitForMembersAsync(2, Timeout);
            await _nodes[2].WaitForMembersAsync(2, Timeout);
            var settledAt = clock.Elapsed;
            output.WriteLine($"Node 2 killed; membership settled (2 members Up, none unreachable) after {(settledAt - killedAt).TotalSeconds:F1} s.");

            // Keep publishing for a while after the resolver acted, then stop and let everything arrive. A message
            // already sent when the membership settled may have gone to the dead owner; every later one must arrive.
            var sequenceAtSettle = publishers.Select(p => p.Sent).ToArray();
            await Eventually.HoldsAsync(() => publishers.All(p => p.Published >= sequenceAtSettle[publishers.IndexOf(p)] + 100), Timeout, "100 more messages per room after the resolver acted");
            await stopPublishing.CancelAsync();
            var last = await Task.WhenAll(publishers.Select(p => p.StoppedAsync()));
            await Eventually.HoldsAsync(() => readers.All(r => rooms.Select((room, i) => r.Last(room) >= last[i]).All(x => x)), Timeout, "every reader to receive each room's last message");
            await Eventually.HoldsAsync(() => feeds.All(f => rooms.Select((room, i) => f.LastPayload(room) >= last[i]).All(x => x)), Timeout, "every room member to receive each room's last message");
            var resets = 0;
            foreach (var feed in feeds)
            {
                foreach (var room in rooms)
                {
                    resets += feed.AssertNoSilentJump(room);
                }
            }

            output.WriteLine($"Room members saw {resets} roomreset notice(s) in all (rooms whose owner was on the killed node), and no silent jump.");

            for (var i = 0; i < Rooms; i++)
            {
                foreach (var reader in readers)
                {
                    var received = reader.Sequence(rooms[i]);
                    Assert.True(received.SequenceEqual(received.Distinct().Order()), $"Reader on {reader.Node} saw room {i} out of order or twice.");
                    var missingAfterSettle = Enumerable.Range(sequenceAtSettle[i] + 1, last[i] - sequenceAtSettle[i]).Except(received).ToList();
                    Assert.True(missingAfterSettle.Count == 0, $"Reader on {reader.Node} lost {missingAfterSettle.Count} messages of room {i} published after the resolver acted (first {missingAfterSettle.FirstOrDefault()}).");
                    var lostWhileDying = received[^1] - received[0] + 1 - received.Count;
                    output.WriteLine($"room {i} reader on {reader.Node}: longest silence {reader.LongestSilence(rooms[i]).TotalMilliseconds:F0} ms, {lostWhileDying} messages lost before the resolver acted");
                }
            }

            // What the cluster did, for whoever reads a failing run: membership, resolver and shard events of node 1.
            foreach (var line in _nodes[0].TakeOutput().Where(l => l.Contains("UNREACHABLE", StringComparison.Ordinal) || l.Contains("SBR took", StringComparison.Ordinal) || l.Contains("Member removed", StringComparison.Ordinal) || l.Contains("shard homes", StringComparison.Ordinal)))
            {
                output.WriteLine("node 1: " + line[..Math.Min(line.Length, 300)]);
            }

            output.WriteLine($"Longest silence a surviving reader saw in any room: {readers.Max(r => rooms.Max(r.LongestSilence)).TotalSeconds:F1} s (kill to settled: {(settledAt - killedAt).TotalSeconds:F1} s).");
        }
        finally
        {
            await stopPublishing.CancelAsync();
            foreach (var publisher in publishers)
            {
                await publisher.DisposeAsync();
            }

            foreach (var reader in readers)
            {
                await reader.DisposeAsync();
            }

            foreach (var feed in feeds)
            {
                await feed.DisposeAsync();
            }
        }

        // The killed node's clients were cut off; started again on the same ports, it rejoins and serves.
        var (cutOff, closed) = await reader2.ReadUntilClosedAsync(Timeout);
        Assert.True(closed, $"The killed node's subscriber was not disconnected: {Resp.Show(cutOff)}");
        _nodes[1] = await BrokerProcessNode.StartAsync(_ports[1], _clusterPorts[1], _clusterPorts, _configFile);
        await _nodes[0].WaitForMembersAsync(3, Timeout);
        await _nodes[1].WaitForMembersAsync(3, Timeout);
        await using var rejoinedReader = await ClusterMessages.SubscribeAsync(_nodes[1].Endpoint, rooms[0]);
        await using var publisherOnNode3 = await RespConnection.ConnectAsync(_nodes[2].Endpoint);
        await publisherOnNode3.SendCommandAsync("PUBLISH", rooms[0], "after rejoin");
        Assert.Equal("after rejoin", (await rejoinedReader.ReadPayloadsAsync(1, Timeout))[0]);
    }

    /// <summary>Publishes "1", "2", ... to one room, one message per interval, each waiting for its reply.</summary>
    private sealed class RoomPublisher : IAsyncDisposable
    {
        private readonly RespConnection _connection;
        private Task<int> _loop = Task.FromResult(0);
        private int _published;
        private int _sent;

        private RoomPublisher(RespConnection connection) => _connection = connection;

        /// <summary>The last sequence number whose PUBLISH was answered.</summary>
        public int Published => Volatile.Read(ref _published);

        /// <summary>The last sequence number sent (answered or not).</summary>
        public int Sent => Volatile.Read(ref _sent);

        public static async Task<RoomPublisher> StartAsync(BrokerProcessNode node, string room, TimeSpan interval, CancellationToken stop)
        {
            var publisher = new RoomPublisher(await RespConnection.ConnectAsync(node.Endpoint));
            publisher._loop = publisher.RunAsync(room, interval, stop);
            return publisher;
        }

        /// <summary>The last sequence number published, once the loop has stopped.</summary>
        public Task<int> StoppedAsync() => _loop;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _loop;
            }
            finally
            {
                await _connection.DisposeAsync();
            }
        }

        private async Task<int> RunAsync(string room, TimeSpan interval, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var next = _published + 1;
                Volatile.Write(ref _sent, next);
                await _connection.SendCommandAsync("PUBLISH", room, next.ToString(CultureInfo.InvariantCulture));
                // While the room's owner is being replaced the reply waits up to the owner-ack timeout.
                await _connection.ReadFrameAsync(Timeout);
                Volatile.Write(ref _published, next);
                try
                {
                    await Task.Delay(interval, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            return _published;
        }
    }

    /// <summary>Subscribed to every room; records each room's sequence numbers and when they arrived.</summary>
    private sealed class RoomReader : IAsyncDisposable
    {
        private readonly RespConnection _connection;
        private readonly ConcurrentDictionary<string, List<(int Sequence, TimeSpan At)>> _received = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        private RoomReader(RespConnection connection, string node)
        {
            _connection = connection;
            Node = node;
        }

        public string Node { get; }

        public static async Task<RoomReader> StartAsync(BrokerProcessNode node, IReadOnlyList<string> rooms)
        {
            var connection = await RespConnection.ConnectAsync(node.Endpoint);
            await connection.SendCommandAsync(["SUBSCRIBE", .. rooms]);
            await connection.ReadFramesAsync(rooms.Count);
            var reader = new RoomReader(connection, $"port {node.Port}");
            foreach (var room in rooms)
            {
                reader._received[room] = [];
            }

            reader._loop = reader.RunAsync();
            return reader;
        }

        public bool HasReceivedFromAll(IEnumerable<string> rooms) => rooms.All(r => Sequence(r).Count > 0);

        public int Last(string room) => Sequence(room).LastOrDefault();

        public List<int> Sequence(string room)
        {
            var list = _received[room];
            lock (list)
            {
                return list.Select(r => r.Sequence).ToList();
            }
        }

        public TimeSpan LongestSilence(string room)
        {
            var list = _received[room];
            lock (list)
            {
                return list.Count < 2 ? TimeSpan.Zero : list.Zip(list.Skip(1), (a, b) => b.At - a.At).Max();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _connection.DisposeAsync();
            try
            {
                await _loop;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or OperationCanceledException or TimeoutException)
            {
                // The loop ends when its socket is closed under it.
            }

            _stop.Dispose();
        }

        private async Task RunAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                byte[] frame;
                try
                {
                    frame = await _connection.ReadFrameAsync(TimeSpan.FromSeconds(1));
                }
                catch (TimeoutException)
                {
                    continue;
                }

                var elements = RespFrames.BulkElements(frame);
                var room = Encoding.Latin1.GetString(elements[1]!);
                var sequence = int.Parse(Encoding.Latin1.GetString(elements[2]!), CultureInfo.InvariantCulture);
                var list = _received[room];
                lock (list)
                {
                    list.Add((sequence, _clock.Elapsed));
                }
            }
        }
    }
}

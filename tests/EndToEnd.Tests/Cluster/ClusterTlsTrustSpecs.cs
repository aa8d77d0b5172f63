using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Tls;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// The node-to-node port with TLS and certificate validation on (docs/security.md, without
/// <c>suppress-validation</c>): broker programs whose certificates a private authority signs, and whose trust store
/// holds that authority, form a cluster; a node whose certificate another authority signed, started with the same
/// seeds, is refused at the handshake and never admitted, and the two members go on carrying a room.
/// </summary>
/// <remarks>
/// Real processes, because a node's trust store is its process's (<c>SSL_CERT_FILE</c>, read by .NET's OpenSSL
/// layer): every node here trusts the cluster authority only, the stranger included, so the refusal seen is the
/// members' verdict on the stranger's certificate (Akka.Remote's <c>require-mutual-authentication</c>, on by default),
/// not the stranger's on theirs.
/// </remarks>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTlsTrustSpecs : IDisposable
{
    private static readonly TimeSpan FormationTimeout = TimeSpan.FromSeconds(60);
    private static readonly TestCertificates Certificates = TestCertificates.Shared;

    /// <summary>
    /// How long "never admitted" is watched. The stranger asks its seeds to let it join every second
    /// (<c>akka.cluster</c>'s join-seed-node process) and, after each failed association, Akka.Remote gates the
    /// address for <c>retry-gate-closed-for</c> (5 s) before the next handshake: 15 s covers at least two refused
    /// handshakes after the first, and the spec asserts the members logged those refusals, so the stranger was
    /// really knocking, not slow to start.
    /// </summary>
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(15);

    private readonly string _memberConfig = WriteConfig(Certificates.NodePfxFile);
    private readonly string _strangerConfig = WriteConfig(Certificates.StrangerNodePfxFile);

    public void Dispose()
    {
        File.Delete(_memberConfig);
        File.Delete(_strangerConfig);
    }

    [Fact]
    public async Task Should_never_admit_a_node_whose_certificate_the_members_do_not_trust_and_keep_carrying_a_room()
    {
        var trust = new Dictionary<string, string> { ["SSL_CERT_FILE"] = Certificates.AuthorityFile };
        int[] clusterPorts = [FreePort.Next(), FreePort.Next()];
        var seeds = clusterPorts.Select(port => $"127.0.0.1:{port}").ToArray();
        await using var first = await BrokerProcessNode.StartAsync(FreePort.Next(), clusterPorts[0], seeds, _memberConfig, trust);
        await using var second = await BrokerProcessNode.StartAsync(FreePort.Next(), clusterPorts[1], seeds, _memberConfig, trust);
        await first.WaitForMembersAsync(2, FormationTimeout);
        await second.WaitForMembersAsync(2, FormationTimeout);

        await using var stranger = await BrokerProcessNode.StartAsync(FreePort.Next(), FreePort.Next(), seeds, _strangerConfig, trust);
        var deadline = DateTime.UtcNow + Watch;
        while (DateTime.UtcNow < deadline)
        {
            Assert.Equal(2, await first.ClusterFieldAsync("cluster_members"));
            Assert.Equal(2, await second.ClusterFieldAsync("cluster_members_up"));
            Assert.Equal(2, await second.ClusterFieldAsync("cluster_members"));
            Assert.Equal(0, await StrangerMembersUpAsync(stranger));
            await Task.Delay(500);
        }

        var membersLog = first.TakeOutput().Concat(second.TakeOutput()).ToList();
        Assert.True(
            membersLog.Count(line => line.Contains("Certificate chain validation failed", StringComparison.Ordinal)) >= 2,
            "the members should have refused the stranger's certificate at least twice:\n" + string.Join('\n', membersLog));

        var room = $"tls.trust.{Guid.NewGuid():N}";
        await using var subscriber = await ClusterMessages.SubscribeAsync(second.Endpoint, room);
        await using var publisher = await RespConnection.ConnectAsync(first.Endpoint);
        await publisher.SendCommandAsync("PUBLISH", room, "still carried");
        Assert.Equal(":0\r\n", Encoding.Latin1.GetString(await publisher.ReadFrameAsync()));
        Assert.Equal("still carried", await subscriber.NextPayloadAsync(FormationTimeout));
    }

    // The stranger sees no member Up. In two CI runs of the whole suite its process had gone during the watch
    // (cause not found; it passes alone): a stranger that is gone was not admitted either, so that counts as 0, but
    // only if it really exited.
    private static async Task<int> StrangerMembersUpAsync(BrokerProcessNode stranger)
    {
        try
        {
            return await stranger.ClusterFieldAsync("cluster_members_up");
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            Assert.True(await stranger.ExitedWithinAsync(TimeSpan.FromSeconds(5)), "the stranger refused INFO (or was shutting down) but still runs");
            return 0;
        }
    }

    private static string WriteConfig(string pfxFile)
    {
        var path = Path.Combine(Certificates.Folder, $"node-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, $$"""
            akka.remote.dot-netty.tcp {
              enable-ssl = true
              ssl {
                suppress-validation = false
                certificate {
                  path = "{{pfxFile}}"
                  password = "{{TestCertificates.NodePfxPassword}}"
                  flags = [ "default-key-set" ]
                }
              }
            }
            """);
        return path;
    }
}

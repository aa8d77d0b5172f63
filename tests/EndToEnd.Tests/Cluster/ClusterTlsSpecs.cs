using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using ActorRooms.EndToEnd.Tests.Tls;
using Akka.Configuration;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// The node-to-node port with TLS, as docs/security.md configures it: two broker nodes whose Akka.Remote (DotNetty)
/// transport has a certificate form a cluster and carry a room's messages from one node's publisher to the other's
/// subscriber; a node without TLS, pointed at them, can never complete the handshake and is never admitted.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTlsSpecs : IDisposable
{
    private static readonly TimeSpan FormationTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(6);
    private const string PfxPassword = "node-secret";
    private readonly string _pfx = Path.Combine(TestCertificates.Shared.Folder, $"node-{Guid.NewGuid():N}.pfx");

    public ClusterTlsSpecs() => File.WriteAllBytes(_pfx, NodeCertificate());

    public void Dispose() => File.Delete(_pfx);

    [Fact]
    public async Task Should_form_a_cluster_and_carry_a_room_when_both_nodes_use_tls_and_refuse_a_node_without_it()
    {
        await using var first = await BrokerNode.StartAsync(NodeConfig(seed: null, tls: true));
        var seed = $"127.0.0.1:{first.ClusterAddress!.Port!.Value.ToString(CultureInfo.InvariantCulture)}";
        await using var second = await BrokerNode.StartAsync(NodeConfig(seed, tls: true));
        await Eventually.HoldsAsync(
            () => new[] { first, second }.All(n => ClusterView.Of(n.System) is { MembersUp: 2, Unreachable: 0 }), FormationTimeout, "two TLS members Up on both nodes");

        var room = $"tls.cluster.{Guid.NewGuid():N}";
        await using var subscriber = await RespConnection.ConnectAsync(second.Endpoint);
        await subscriber.SendCommandAsync("SUBSCRIBE", room);
        await subscriber.ReadFrameAsync();
        await using var publisher = await RespConnection.ConnectAsync(first.Endpoint);

        // A confirmed subscription is in place cluster-wide; PUBLISH counts this node's subscribers (none), as Redis Cluster.
        await publisher.SendCommandAsync("PUBLISH", room, "across tls");
        Assert.Equal(":0\r\n", Encoding.Latin1.GetString(await publisher.ReadFrameAsync()));
        Assert.Equal(
            $"*3\r\n$7\r\nmessage\r\n${room.Length}\r\n{room}\r\n$10\r\nacross tls\r\n",
            Encoding.Latin1.GetString(await subscriber.ReadFrameAsync(FormationTimeout)));

        await using var plain = await BrokerNode.StartAsync(NodeConfig(seed, tls: false));
        var deadline = DateTime.UtcNow + Watch;
        while (DateTime.UtcNow < deadline)
        {
            Assert.Equal(2, ClusterView.Of(first.System)!.Members);
            Assert.Equal(0, ClusterView.Of(plain.System)!.MembersUp);
            await Task.Delay(200);
        }
    }

    private Config NodeConfig(string? seed, bool tls) =>
        ConfigurationFactory.ParseString($$"""
            actor-rooms.cluster {
              enabled = on
              port = 0
              seed-nodes = [{{(seed is null ? string.Empty : $"\"{seed}\"")}}]
            }
            akka.remote.dot-netty.tcp {
              enable-ssl = {{(tls ? "true" : "false")}}
              ssl {
                # The test's self-made certificate is in no system trust store (docs/security.md: a lab setting).
                suppress-validation = true
                certificate {
                  path = "{{_pfx}}"
                  password = "{{PfxPassword}}"
                  flags = [ "default-key-set" ]
                }
              }
            }
            """).WithFallback(BrokerConfiguration.Load(port: 0));

    private static byte[] NodeCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=actor-rooms node", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2));
        return certificate.Export(X509ContentType.Pfx, PfxPassword);
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using ActorRooms.Broker.Hosting;
using ActorRooms.EndToEnd.Tests.Infrastructure;
using Akka.Configuration;
using StackExchange.Redis;

namespace ActorRooms.EndToEnd.Tests.Tls;

/// <summary>
/// TLS on the client port (Redis's tls-port options), end to end with a certificate made in the test: redis-cli
/// <c>--tls</c> and StackExchange.Redis <c>ssl=true</c> publish and subscribe, large frames and floods arrive whole and
/// in order, a plain-text client on the TLS port is closed without an answer, and a client without the required
/// certificate (or with one of another authority) is refused — while the broker goes on serving the others.
/// </summary>
public sealed class TlsClientPortSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TestCertificates Certificates = TestCertificates.Shared;
    private BrokerNode? _node;

    private IPEndPoint Tls => _node!.TlsEndpoint!;

    public async ValueTask InitializeAsync() =>
        _node = await BrokerNode.StartAsync(ConfigurationFactory.ParseString(Certificates.BrokerHocon("yes")).WithFallback(BrokerConfiguration.Load(port: 0)));

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Should_carry_a_publish_to_a_subscriber_when_redis_cli_speaks_tls_with_its_certificate()
    {
        var room = $"tls.cli.{Guid.NewGuid():N}";
        await using var reader = CliProcess.Start(ExternalTools.RedisCli, [.. RedisCliTls(), "SUBSCRIBE", room]);
        Assert.Equal(["subscribe", room, "1"], await reader.ReadLinesAsync(3, Timeout));

        var (_, output, errors) = await CliProcess.RunAsync(ExternalTools.RedisCli, Timeout, [.. RedisCliTls(), "PUBLISH", room, "over tls"]);

        Assert.True(output == "1\n", output + errors);
        Assert.Equal(["message", room, "over tls"], await reader.ReadLinesAsync(3, Timeout));
    }

    [Fact]
    public async Task Should_deliver_messages_when_stackexchange_redis_connects_with_ssl_true()
    {
        var options = new ConfigurationOptions { Ssl = true, SslHost = "localhost", AbortOnConnectFail = false, ConnectTimeout = 5000, AsyncTimeout = 5000, SyncTimeout = 5000 };
        options.EndPoints.Add(Tls);
        options.CertificateValidation += (_, certificate, _, _) =>
            certificate is not null && Certificates.Authority.Thumbprint == Issuer(certificate);
        options.CertificateSelection += (_, _, _, _, _) => Certificates.ClientCertificate;
        var log = new StringWriter();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options, log);
        Assert.True(connection.IsConnected, log.ToString());
        var channel = RedisChannel.Literal($"tls.se.{Guid.NewGuid():N}");
        var queue = await connection.GetSubscriber().SubscribeAsync(channel);

        var receivers = await connection.GetSubscriber().PublishAsync(channel, "ssl=true");

        Assert.Equal(1, receivers);
        using var wait = new CancellationTokenSource(Timeout);
        Assert.Equal("ssl=true", (string?)(await queue.ReadAsync(wait.Token)).Message);
    }

    [Fact]
    public async Task Should_deliver_large_messages_and_a_pipelined_flood_whole_and_in_order_over_tls()
    {
        var room = $"tls.flood.{Guid.NewGuid():N}";
        await using var subscriber = await ConnectTlsAsync();
        await subscriber.SendCommandAsync("SUBSCRIBE", room);
        await subscriber.ReadFrameAsync();
        await using var publisher = await ConnectTlsAsync();
        var large = new string('x', 200_000) + "end";
        const int flood = 2000;

        var requests = new List<byte>(Resp.Command("PUBLISH", room, large));
        for (var i = 0; i < flood; i++)
        {
            requests.AddRange(Resp.Command("PUBLISH", room, i.ToString(CultureInfo.InvariantCulture)));
        }

        await publisher.SendAsync(requests.ToArray());
        Assert.Equal(string.Concat(Enumerable.Repeat(":1\r\n", flood + 1)), Encoding.Latin1.GetString(await publisher.ReadFramesAsync(flood + 1, Timeout)));

        Assert.Equal(Message(room, large), Encoding.Latin1.GetString(await subscriber.ReadFrameAsync(Timeout)));
        var expected = string.Concat(Enumerable.Range(0, flood).Select(i => Message(room, i.ToString(CultureInfo.InvariantCulture))));
        Assert.Equal(expected, Encoding.Latin1.GetString(await subscriber.ReadFramesAsync(flood, Timeout)));
    }

    [Fact]
    public async Task Should_close_a_plain_text_client_on_the_tls_port_without_an_answer_and_serve_the_others()
    {
        await using var plain = await RespConnection.ConnectAsync(Tls);

        await plain.SendCommandAsync("PING");
        var (received, closed) = await plain.ReadUntilClosedAsync(Timeout);

        Assert.True(closed, "the broker should close a plain-text client on the TLS port");
        Assert.DoesNotContain("PONG", Encoding.Latin1.GetString(received), StringComparison.Ordinal);
        await AssertServesTlsAsync();
    }

    [Fact]
    public async Task Should_refuse_a_tls_client_without_a_certificate_when_auth_clients_is_yes()
    {
        Assert.False(await AnswersPingAsync(clientCertificate: null));
        await AssertServesTlsAsync();
    }

    [Fact]
    public async Task Should_refuse_a_tls_client_whose_certificate_another_authority_signed()
    {
        Assert.False(await AnswersPingAsync(Certificates.StrangerCertificate));
        await AssertServesTlsAsync();
    }

    [Fact]
    public async Task Should_accept_a_tls_client_without_a_certificate_when_auth_clients_is_optional()
    {
        await using var node = await BrokerNode.StartAsync(ConfigurationFactory.ParseString(Certificates.BrokerHocon("optional")).WithFallback(BrokerConfiguration.Load(port: 0)));
        await using var client = await RespConnection.ConnectTlsAsync(node.TlsEndpoint!, Certificates.Authority);

        await client.SendCommandAsync("PING");

        Assert.Equal("+PONG\r\n", Encoding.Latin1.GetString(await client.ReadFrameAsync()));
    }

    [Fact]
    public async Task Should_serve_only_tls_when_the_plain_text_port_is_off()
    {
        var config = ConfigurationFactory.ParseString(Certificates.BrokerHocon("no") + "\nactor-rooms.broker.tls.plain-text = off")
            .WithFallback(BrokerConfiguration.Load(port: FreePort.Next()));
        await using var node = await BrokerNode.StartAsync(config);

        Assert.Equal(node.TlsEndpoint, node.Endpoint);
        await using var client = await RespConnection.ConnectTlsAsync(node.Endpoint, Certificates.Authority);
        await client.SendCommandAsync("PING");
        Assert.Equal("+PONG\r\n", Encoding.Latin1.GetString(await client.ReadFrameAsync()));
    }

    // The close is TLS's close_notify and a FIN as soon as the reply is written, not an abort once shutdown-grace (30 s
    // here) has run out: the read is given longer than the grace, and must end with a clean end of stream.
    [Fact]
    public async Task Should_answer_quit_then_close_the_tls_connection_cleanly_at_once()
    {
        await using var node = await StartWithLongGraceAsync();
        await using var client = await RespConnection.ConnectTlsAsync(node.TlsEndpoint!, Certificates.Authority, Certificates.ClientCertificate);

        await client.SendCommandAsync("QUIT");
        var (received, closed) = await client.ReadUntilClosedAsync(PastTheGrace);

        Assert.Equal("+OK\r\n", Encoding.Latin1.GetString(received));
        Assert.True(closed && !client.WasReset, "the broker should close the TLS connection after QUIT's reply, not abort it once the grace ends");
    }

    [Fact]
    public async Task Should_end_a_tls_subscriber_with_its_messages_and_a_clean_close_when_the_broker_stops()
    {
        var node = await StartWithLongGraceAsync();
        var room = $"tls.stop.{Guid.NewGuid():N}";
        await using var subscriber = await RespConnection.ConnectTlsAsync(node.TlsEndpoint!, Certificates.Authority, Certificates.ClientCertificate);
        await subscriber.SendCommandAsync("SUBSCRIBE", room);
        await subscriber.ReadFrameAsync();
        await using (var publisher = await RespConnection.ConnectTlsAsync(node.TlsEndpoint!, Certificates.Authority, Certificates.ClientCertificate))
        {
            await publisher.SendAsync(Enumerable.Range(0, 100).SelectMany(i => Resp.Command("PUBLISH", room, $"m{i}")).ToArray());
            await publisher.ReadFramesAsync(100, Timeout);
        }

        var stopping = node.DisposeAsync().AsTask();
        var (received, closed) = await subscriber.ReadUntilClosedAsync(PastTheGrace);
        var reset = subscriber.WasReset;
        await subscriber.DisposeAsync(); // the broker waits for the client's own close, up to the grace
        await stopping;

        Assert.True(closed && !reset, "the broker should close a TLS subscriber at shutdown, not abort it once the grace has run out");
        Assert.Equal(string.Concat(Enumerable.Range(0, 100).Select(i => Message(room, $"m{i}"))), Encoding.Latin1.GetString(received));
    }

    private static readonly TimeSpan PastTheGrace = TimeSpan.FromSeconds(45);

    private static Task<BrokerNode> StartWithLongGraceAsync() => BrokerNode.StartAsync(
        ConfigurationFactory.ParseString(Certificates.BrokerHocon("yes") + "\nactor-rooms.broker.shutdown-grace = 30s")
            .WithFallback(BrokerConfiguration.Load(port: 0)));

    private async Task AssertServesTlsAsync()
    {
        await using var client = await ConnectTlsAsync();
        await client.SendCommandAsync("PING");
        Assert.Equal("+PONG\r\n", Encoding.Latin1.GetString(await client.ReadFrameAsync()));
    }

    // With TLS 1.3 the server checks the client's certificate after the client's side of the handshake is done, so
    // a refusal shows either as a failed handshake or as a closed connection at the first read.
    private async Task<bool> AnswersPingAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate)
    {
        try
        {
            await using var client = await RespConnection.ConnectTlsAsync(Tls, Certificates.Authority, clientCertificate);
            await client.SendCommandAsync("PING");
            var (received, _) = await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(3));
            return Encoding.Latin1.GetString(received).Contains("PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }

    private Task<RespConnection> ConnectTlsAsync() => RespConnection.ConnectTlsAsync(Tls, Certificates.Authority, Certificates.ClientCertificate);

    private string[] RedisCliTls() =>
    [
        "-h", Tls.Address.ToString(), "-p", Tls.Port.ToString(CultureInfo.InvariantCulture), "--tls",
        "--cacert", Certificates.AuthorityFile, "--cert", Certificates.ClientCertFile, "--key", Certificates.ClientKeyFile,
    ];

    private static string Issuer(System.Security.Cryptography.X509Certificates.X509Certificate certificate)
    {
        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(Certificates.Authority);
        using var presented = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(presented) ? chain.ChainElements[^1].Certificate.Thumbprint : string.Empty;
    }

    private static string Message(string room, string payload) =>
        $"*3\r\n$7\r\nmessage\r\n${room.Length}\r\n{room}\r\n${payload.Length}\r\n{payload}\r\n";
}

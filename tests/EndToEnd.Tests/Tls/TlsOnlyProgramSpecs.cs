using System.Globalization;
using System.Net;
using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Tls;

/// <summary>
/// The broker program serving TLS only, started as docs/security.md shows (<c>--port 0 --tls-port N</c>): it once
/// crashed at start, because <c>--port 0</c> also asked for an HTTP listener whose WebSockets needed the plain-text
/// listener that TLS-only mode never starts. With HTTP asked for explicitly, WebSockets are handed to the TLS
/// listener (without its TLS stage: the HTTP listener has framed them) and work beside the TLS port.
/// </summary>
public sealed class TlsOnlyProgramSpecs
{
    private static readonly string BrokerDll = Path.Combine(AppContext.BaseDirectory, "ActorRooms.Broker.dll");
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly TestCertificates Certificates = TestCertificates.Shared;

    [Fact]
    public async Task Should_serve_tls_and_no_plain_text_port_when_started_with_port_0_beside_a_tls_port()
    {
        var tlsPort = FreePort.Next();
        await using var broker = CliProcess.Start("dotnet", [BrokerDll, "--port", "0", .. TlsOptions(tlsPort)]);

        var banner = await broker.ReadLineStartingAsync("ActorRooms broker listening", Bound);
        await using var client = await RespConnection.ConnectTlsAsync(new IPEndPoint(IPAddress.Loopback, tlsPort), Certificates.Authority);
        await client.SendCommandAsync("PING");

        Assert.Equal($"ActorRooms broker listening on 127.0.0.1:{tlsPort} with TLS only (try: redis-cli --tls --cacert CA.pem -p {tlsPort} PING). Ctrl+C stops it.", banner);
        Assert.Equal("+PONG\r\n", Encoding.Latin1.GetString(await client.ReadFrameAsync()));
    }

    [Fact]
    public async Task Should_carry_a_tls_publish_to_a_websocket_reader_when_a_tls_only_broker_is_given_an_http_port()
    {
        var (tlsPort, httpPort) = (FreePort.Next(), FreePort.Next());
        await using var broker = CliProcess.Start("dotnet", [BrokerDll, "--port", "0", "--http-port", httpPort.ToString(CultureInfo.InvariantCulture), .. TlsOptions(tlsPort)]);
        await broker.ReadLineStartingAsync("Live page: ", Bound);
        await using var reader = await Web.WsClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, httpPort));
        await reader.SendAsync(new { op = "subscribe", room = "tls-only" });
        await reader.NextAsync("subscribed");
        await using var publisher = await RespConnection.ConnectTlsAsync(new IPEndPoint(IPAddress.Loopback, tlsPort), Certificates.Authority);

        await publisher.SendCommandAsync("PUBLISH", "tls-only", "over tls to a browser");
        var receivers = Encoding.Latin1.GetString(await publisher.ReadFrameAsync());
        var message = await reader.NextAsync("message");

        Assert.Equal(":1\r\n", receivers);
        Assert.Equal("over tls to a browser", message.GetProperty("payload").GetString());
    }

    private static string[] TlsOptions(int tlsPort) =>
    [
        "--tls-port", tlsPort.ToString(CultureInfo.InvariantCulture),
        "--tls-cert-file", Certificates.ServerCertFile, "--tls-key-file", Certificates.ServerKeyFile,
        "--tls-ca-cert-file", Certificates.AuthorityFile, "--tls-auth-clients", "no",
    ];
}

using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Web;
using Akka.Configuration;
using OpenTelemetry.Exporter;

namespace ActorRooms.Broker.Tests.Web;

public sealed class HttpSettingsSpecs
{
    [Fact]
    public void Should_push_over_grpc_to_the_endpoint_as_given_when_no_protocol_is_set()
    {
        var http = Read("""otlp-endpoint = "http://collector:4317" """);

        Assert.Equal(OtlpExportProtocol.Grpc, http.OtlpProtocol);
        Assert.Equal(new Uri("http://collector:4317"), http.OtlpExportUri);
    }

    [Theory]
    [InlineData("http://collector:4318", "http://collector:4318/v1/metrics")]
    [InlineData("http://collector:4318/", "http://collector:4318/v1/metrics")]
    [InlineData("http://gateway/otlp/v1/metrics", "http://gateway/otlp/v1/metrics")]
    public void Should_add_the_metrics_path_only_to_a_bare_endpoint_when_the_protocol_is_http_protobuf(string endpoint, string expected)
    {
        var http = Read($"""
            otlp-endpoint = "{endpoint}"
            otlp-protocol = "http/protobuf"
            """);

        Assert.Equal(OtlpExportProtocol.HttpProtobuf, http.OtlpProtocol);
        Assert.Equal(new Uri(expected), http.OtlpExportUri);
    }

    [Fact]
    public void Should_name_the_key_when_the_protocol_is_unknown()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read("otlp-protocol = thrift"));

        Assert.Contains("actor-rooms.broker.http.otlp-protocol", error.Message, StringComparison.Ordinal);
    }

    private static HttpSettings Read(string http)
    {
        var config = ConfigurationFactory.ParseString($"actor-rooms.broker.http {{ {http} }}").WithFallback(BrokerConfiguration.Load());
        return HttpSettings.Create(config, BrokerSettings.Create(config));
    }
}

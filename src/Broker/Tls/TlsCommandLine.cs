using System.CommandLine;
using Akka.Configuration;

namespace ActorRooms.Broker.Tls;

/// <summary>
/// The broker's TLS options under Redis's names (<c>--tls-port</c>, <c>--tls-cert-file</c>, <c>--tls-key-file</c>,
/// <c>--tls-ca-cert-file</c>, <c>--tls-auth-clients</c>), turned into <c>actor-rooms.broker.tls</c> keys that
/// override the files. As in Redis, <c>--tls-port 0</c> leaves TLS off and <c>--port 0</c> beside a TLS port turns
/// the plain-text port off (without TLS, <c>--port 0</c> keeps meaning "any free port").
/// </summary>
public sealed class TlsCommandLine
{
    private readonly Option<int?> _port = Hosting.PortOption.Create("--tls-port", "Port of the TLS listener (Redis's tls-port; default off). With it, --port 0 serves TLS only.");
    private readonly Option<string?> _certFile = new("--tls-cert-file") { Description = "TLS: the server's certificate, PEM." };
    private readonly Option<string?> _keyFile = new("--tls-key-file") { Description = "TLS: the server's private key, PEM (unencrypted)." };
    private readonly Option<string?> _caCertFile = new("--tls-ca-cert-file") { Description = "TLS: CA certificates (PEM) that vouch for client certificates." };
    private readonly Option<string?> _authClients = new("--tls-auth-clients") { Description = "TLS: yes (default) | no | optional: whether clients must present a certificate." };

    public TlsCommandLine() => _authClients.AcceptOnlyFromAmong("yes", "no", "optional");

    /// <summary>The options, to add to the root command.</summary>
    public IEnumerable<Option> Options => [_port, _certFile, _keyFile, _caCertFile, _authClients];

    /// <summary>The given options as HOCON over <paramref name="config"/>; <paramref name="plainPort"/> is <c>--port</c>.</summary>
    public Config Apply(ParseResult parse, Config config, int? plainPort)
    {
        var lines = new List<string>();
        if (parse.GetValue(_port) is { } port)
        {
            lines.Add($"port = {(port == 0 ? "off" : port.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
            if (port != 0 && plainPort == 0)
            {
                lines.Add("plain-text = off");
            }
        }

        AddString(lines, "cert-file", parse.GetValue(_certFile));
        AddString(lines, "key-file", parse.GetValue(_keyFile));
        AddString(lines, "ca-cert-file", parse.GetValue(_caCertFile));
        AddString(lines, "auth-clients", parse.GetValue(_authClients));
        return lines.Count == 0
            ? config
            : ConfigurationFactory.ParseString($"{TlsSettings.Section} {{\n{string.Join("\n", lines)}\n}}").WithFallback(config);
    }

    private static void AddString(List<string> lines, string key, string? value)
    {
        if (value is not null)
        {
            lines.Add($"{key} = \"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
    }
}

using System.CommandLine;
using System.Globalization;
using ActorRooms.Clients.Hosting;

namespace ActorRooms.Clients.Cli;

/// <summary>
/// The options the pump and the reader share (server, retry, config file) and the checks of option values. Options
/// have no default of their own: an option not given leaves the value from <c>hocon/clients.conf</c> (or
/// <c>--config</c>), so there is one place for defaults.
/// </summary>
public sealed class ClientOptions
{
    public ClientOptions()
    {
        Host.Check(host => string.IsNullOrWhiteSpace(host) ? "--host must not be empty." : null);
        Port.Check(port => port is < 1 or > 65535 ? $"--port must be between 1 and 65535 (got {port})." : null);
    }

    public Option<string?> Host { get; } = new("--host") { Description = "Server to connect to (default 127.0.0.1).", HelpName = "host" };

    public Option<int?> Port { get; } = new("--port") { Description = "Server port (default 6380; redis-server's is 6379).", HelpName = "port" };

    public Option<bool> NoRetry { get; } = new("--no-retry") { Description = "Exit with code 3 when the server cannot be reached or is lost, instead of retrying with backoff." };

    public Option<string?> User { get; } = new("--user") { Description = "User to authenticate as (AUTH user password); without it, AUTH password logs in as 'default'.", HelpName = "name" };

    public Option<string?> Password { get; } = new("--password")
    {
        Description = $"Password to authenticate with. Better: set the environment variable {PasswordVariable}, which is read when this option is absent, so the secret stays off the command line.",
        HelpName = "password",
    };

    /// <summary>The environment variable that holds the password when <c>--password</c> is not given.</summary>
    public const string PasswordVariable = ExitCodes.PasswordVariableName;

    public Option<bool> Tls { get; } = new("--tls") { Description = "Connect with TLS (as redis-cli --tls), to a broker's --tls-port or a TLS redis-server." };

    public Option<FileInfo?> CaCert { get; } = new("--cacert") { Description = "With --tls: PEM file of the CA certificates the server's certificate must chain to (default: the system's trust store).", HelpName = "file" };

    public Option<FileInfo?> Cert { get; } = new("--cert") { Description = "With --tls: this client's certificate (PEM), for a server that asks for one (tls-auth-clients); give --key too.", HelpName = "file" };

    public Option<FileInfo?> Key { get; } = new("--key") { Description = "With --tls: the private key (PEM, unencrypted) of --cert.", HelpName = "file" };

    public Option<string?> Sni { get; } = new("--sni") { Description = "With --tls: the name the server's certificate must carry, sent as SNI (default: --host).", HelpName = "host" };

    public Option<FileInfo?> Config { get; } = new("--config") { Description = "Extra HOCON file whose keys override hocon/clients.conf.", HelpName = "file" };

    /// <summary>Adds the shared options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Host);
        command.Options.Add(Port);
        command.Options.Add(NoRetry);
        command.Options.Add(User);
        command.Options.Add(Password);
        command.Options.Add(Tls);
        command.Options.Add(CaCert);
        command.Options.Add(Cert);
        command.Options.Add(Key);
        command.Options.Add(Sni);
        command.Options.Add(Config);
        command.Validators.Add(result =>
        {
            var tlsOnly = new Option[] { CaCert, Cert, Key, Sni }.Where(option => result.GetResult(option) is not null).Select(option => option.Name).ToList();
            if (tlsOnly.Count > 0 && !result.GetValue(Tls))
            {
                result.AddError($"{string.Join(", ", tlsOnly)} need --tls.");
            }
        });
    }

    /// <summary>
    /// <paramref name="connection"/> with the credentials of <c>--user</c> and <c>--password</c> (or
    /// <see cref="PasswordVariable"/>); unchanged when no password is given.
    /// </summary>
    public ConnectionSettings WithCredentials(ParseResult parse, ConnectionSettings connection)
    {
        var password = parse.GetValue(Password) ?? Environment.GetEnvironmentVariable(PasswordVariable);
        return string.IsNullOrEmpty(password) ? connection : connection with { User = parse.GetValue(User), Password = password };
    }

    /// <summary>The HOCON overrides the shared options make.</summary>
    public Dictionary<string, object> Overrides(ParseResult parse)
    {
        var overrides = new Dictionary<string, object>(StringComparer.Ordinal);
        if (parse.GetValue(Host) is { } host)
        {
            overrides[$"{ConnectionSettings.Section}.host"] = host;
        }

        if (parse.GetValue(Port) is { } port)
        {
            overrides[$"{ConnectionSettings.Section}.port"] = port;
        }

        if (parse.GetValue(NoRetry))
        {
            overrides[$"{ConnectionSettings.Section}.retry"] = false;
        }

        if (parse.GetValue(Tls))
        {
            overrides[$"{ConnectionSettings.Section}.tls.enabled"] = true;
        }

        foreach (var (option, key) in new[] { (CaCert, "ca-cert-file"), (Cert, "cert-file"), (Key, "key-file") })
        {
            if (parse.GetValue(option) is { } file)
            {
                overrides[$"{ConnectionSettings.Section}.tls.{key}"] = file.FullName;
            }
        }

        if (parse.GetValue(Sni) is { } sni)
        {
            overrides[$"{ConnectionSettings.Section}.tls.server-name"] = sni;
        }

        return overrides;
    }

    /// <summary>A room (or pattern) option checked with <see cref="NameRules.RoomProblem"/>.</summary>
    public static Option<string?> RoomOption(string name, string description, string what = "room")
    {
        return new Option<string?>(name) { Description = description, HelpName = what }
            .Check(room => NameRules.RoomProblem(room, what) is { } problem ? $"{name}: {problem}." : null);
    }

    /// <summary>A <c>--rate</c> option: messages per second above 0.</summary>
    public static Option<double?> RateOption(string description) =>
        new Option<double?>("--rate") { Description = description, HelpName = "per-second" }
            .Check(rate => rate is not { } value || (double.IsFinite(value) && value > 0 && value <= PumpSettings.MaxRate)
                ? null
                : $"--rate must be greater than 0 and at most {PumpSettings.MaxRate.ToString("N0", CultureInfo.InvariantCulture)} (got {value.ToString(CultureInfo.InvariantCulture)}).");

    /// <summary>A <c>--port</c> option for a listener: 0 (any free port) to 65535.</summary>
    public static Option<int?> ListenPortOption(string description) =>
        new Option<int?>("--port") { Description = description, HelpName = "port" }
            .Check(port => port is < 0 or > 65535 ? $"--port must be between 0 and 65535 (got {port})." : null);

    /// <summary>A <c>--count N</c> option: N at least 1.</summary>
    public static Option<long?> CountOption(string description)
    {
        return new Option<long?>("--count") { Description = description, HelpName = "n" }
            .Check(count => count < 1 ? $"--count must be at least 1 (got {count?.ToString(CultureInfo.InvariantCulture)})." : null);
    }
}

using System.CommandLine;
using System.Globalization;

namespace ActorRooms.Broker.Hosting;

/// <summary>
/// A TCP port option (<c>--port</c>, <c>--cluster-port</c>) that answers a bad value ("abc", "1.5", "99999999999",
/// "70000") with the option's name and the allowed range, as a parse error — never an exception or a .NET type name.
/// </summary>
public static class PortOption
{
    /// <summary>An optional port 0..65535 (0: any free port); absent is null.</summary>
    public static Option<int?> Create(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "port",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
            {
                return port;
            }

            result.AddError($"{name} must be a port number between 0 and 65535 (got '{text}').");
            return null;
        },
    };
}

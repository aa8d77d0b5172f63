using System.CommandLine;
using ActorRooms.Broker.Hosting;
using ActorRooms.Clients.Hosting;
using Akka.Configuration;
using Microsoft.Extensions.Hosting;

namespace ActorRooms.Clients.Cli;

/// <summary><c>broker</c> (menu option 3): starts a broker node in this process, as <c>src/Broker</c> does.</summary>
public static class BrokerCommand
{
    public static Command Create()
    {
        var port = ClientOptions.ListenPortOption("TCP port to listen on (default 6380, from hocon/broker.conf; 0 picks a free one).");
        var bind = new Option<string?>("--bind") { Description = "IP address to listen on (default 127.0.0.1).", HelpName = "address" }
            .Check(address => address is not null && !System.Net.IPAddress.TryParse(address, out _) ? $"--bind '{address}' is not an IP address." : null);
        var config = new Option<FileInfo?>("--config") { Description = "Extra HOCON file whose keys override hocon/broker.conf.", HelpName = "file" };

        var command = new Command("broker", "Start an ActorRooms broker node in this process (Ctrl+C stops it).") { port, bind, config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            BrokerNode node;
            try
            {
                node = await BrokerNode.StartAsync(BrokerConfiguration.Load(parse.GetValue(config)?.FullName, parse.GetValue(port), parse.GetValue(bind)), handleConsoleSignals: false, cancellationToken);
            }
            catch (ConfigurationException e)
            {
                return await ClientRun.BadSettingsAsync("broker", e);
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync($"actor-rooms broker: {e.Message}");
                return ExitCodes.Failed;
            }

            await using (node)
            {
                await Console.Out.WriteLineAsync($"ActorRooms broker listening on {node.Endpoint} (try: redis-cli -p {node.Endpoint.Port} PING). Ctrl+C stops it.");
                // Returns on Ctrl+C / SIGTERM: the program's signal handler cancels the command's token.
                await node.Host.WaitForShutdownAsync(cancellationToken);
            }

            await Console.Out.WriteLineAsync("ActorRooms broker stopped.");
            return ExitCodes.Ok;
        });
        return command;
    }
}

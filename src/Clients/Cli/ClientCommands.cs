using System.CommandLine;

namespace ActorRooms.Clients.Cli;

/// <summary>The clients program's command line: <c>pump</c>, <c>reader</c>, <c>broker</c>, <c>demo</c>, each with <c>--help</c>.</summary>
public static class ClientCommands
{
    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "ActorRooms clients. The pump publishes random-walk price ticks to a room; the reader joins a room and shows them. "
            + "Both are Redis clients: they work against an ActorRooms broker and against redis-server. "
            + "Run without arguments in a terminal for the 1/2/3 menu.")
        {
            PumpCommand.Create(),
            ReaderCommand.Create(),
            BrokerCommand.Create(),
            DemoCommand.Create(),
        };
        return root;
    }
}

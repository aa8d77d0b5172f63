using System.CommandLine;
using System.Runtime.InteropServices;
using ActorRooms.Broker.Hosting;
using ActorRooms.Clients.Cli;
using ActorRooms.Clients.Hosting;
using ActorRooms.Clients.Menu;
using Spectre.Console;

// The composition root of the clients program: the command line, or the menu when run bare in a terminal.
var root = ClientCommands.Create();
if (args.Length == 0)
{
    if (Console.IsInputRedirected || Console.IsOutputRedirected)
    {
        await Console.Error.WriteLineAsync("actor-rooms: no command given, and no terminal to show the menu in. Commands:");
        await root.Parse(["--help"]).InvokeAsync();
        return ExitCodes.Usage;
    }

    args = MainMenu.Ask(AnsiConsole.Console);
}

// Ctrl+C and SIGTERM cancel the running command, which stops its actor systems in order and exits 0; the
// process is not killed under them. A second Ctrl+C is left to the runtime (immediate exit) for the impatient.
using var stop = new CancellationTokenSource();
PosixSignalRegistration Stop(PosixSignal signal) => PosixSignalRegistration.Create(signal, context =>
{
    if (!stop.IsCancellationRequested)
    {
        context.Cancel = true;
        stop.Cancel();
    }
});
using var onInterrupt = Stop(PosixSignal.SIGINT);
using var onTerminate = Stop(PosixSignal.SIGTERM);
return await CommandLineErrors.InvokeAsync(root, args, new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token);
